/* pw-plan-ticks.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-ticks"

#include "config.h"

#include "pw-plan.h"
#include "pw-plan-ticks.h"

/* The undoable ticks of one plan. A tick goes through
 * pw_plan_set_step_done(); undo applies the opposite tick and redo the
 * tick again. Any other change to the plan's text (an edit, a reload)
 * moves the steps, so it forgets both stacks; appends from a stream do
 * not, since they leave the existing steps where they are. */

typedef struct
{
  guint    step;
  gboolean done;
} Tick;

struct _PwPlanTicks
{
  GObject  parent_instance;

  /* owned */
  PwPlan  *plan;            /* (nullable) */
  GArray  *undo;            /* Tick */
  GArray  *redo;            /* Tick */

  /* state */
  guint    own_serial;      /* the plan's edit serial after our last tick */
  gboolean can_undo;
  gboolean can_redo;
};

G_DEFINE_FINAL_TYPE (PwPlanTicks, pw_plan_ticks, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_can (PwPlanTicks *self)
{
  gboolean can_undo = self->undo->len > 0;
  gboolean can_redo = self->redo->len > 0;

  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

/* Sets step @step to @done; FALSE when the plan has no such step or the
 * step takes no mark. */
static gboolean
apply (PwPlanTicks *self,
       guint        step,
       gboolean     done)
{
  if (self->plan == NULL || step >= pw_plan_get_n_steps (self->plan))
    return FALSE;

  /* Our own change must not look like an edit to plan_changed_cb. */
  self->own_serial = pw_plan_get_edit_serial (self->plan) + 1;
  if (!pw_plan_set_step_done (self->plan, step, done))
    {
      self->own_serial = pw_plan_get_edit_serial (self->plan);
      return FALSE;
    }
  self->own_serial = pw_plan_get_edit_serial (self->plan);

  return TRUE;
}

/* Pops the last tick of @from, applies it (or its opposite, for undo) and
 * pushes it on @to. */
static gboolean
replay (PwPlanTicks *self,
        GArray      *from,
        GArray      *to,
        gboolean     opposite)
{
  Tick tick;
  gboolean applied;

  if (from->len == 0)
    return FALSE;

  tick = g_array_index (from, Tick, from->len - 1);
  g_array_set_size (from, from->len - 1);
  applied = apply (self, tick.step, opposite ? !tick.done : tick.done);
  if (applied)
    g_array_append_val (to, tick);
  update_can (self);

  return applied;
}

static void
plan_changed_cb (PwPlanTicks *self,
                 PwPlan      *plan)
{
  if (pw_plan_get_edit_serial (plan) != self->own_serial)
    pw_plan_ticks_clear (self);
}

static void
pw_plan_ticks_dispose (GObject *object)
{
  PwPlanTicks *self = PW_PLAN_TICKS (object);

  pw_plan_ticks_set_plan (self, NULL);

  G_OBJECT_CLASS (pw_plan_ticks_parent_class)->dispose (object);
}

static void
pw_plan_ticks_finalize (GObject *object)
{
  PwPlanTicks *self = PW_PLAN_TICKS (object);

  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_pointer (&self->redo, g_array_unref);

  G_OBJECT_CLASS (pw_plan_ticks_parent_class)->finalize (object);
}

static void
pw_plan_ticks_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwPlanTicks *self = PW_PLAN_TICKS (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_ticks_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PwPlanTicks *self = PW_PLAN_TICKS (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      pw_plan_ticks_set_plan (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_ticks_class_init (PwPlanTicksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_plan_ticks_dispose;
  object_class->finalize = pw_plan_ticks_finalize;
  object_class->get_property = pw_plan_ticks_get_property;
  object_class->set_property = pw_plan_ticks_set_property;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, PW_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_plan_ticks_init (PwPlanTicks *self)
{
  self->undo = g_array_new (FALSE, FALSE, sizeof (Tick));
  self->redo = g_array_new (FALSE, FALSE, sizeof (Tick));
}

/**
 * pw_plan_ticks_new:
 *
 * Returns: (transfer full): an empty tick history with no plan
 */
PwPlanTicks *
pw_plan_ticks_new (void)
{
  return g_object_new (PW_TYPE_PLAN_TICKS, NULL);
}

/**
 * pw_plan_ticks_get_plan:
 * @self: a #PwPlanTicks
 *
 * Returns: (transfer none) (nullable): the plan ticked
 */
PwPlan *
pw_plan_ticks_get_plan (PwPlanTicks *self)
{
  g_return_val_if_fail (PW_IS_PLAN_TICKS (self), NULL);

  return self->plan;
}

/**
 * pw_plan_ticks_set_plan:
 * @self: a #PwPlanTicks
 * @plan: (nullable): the plan to tick
 *
 * Follows @plan from now on; the history of the previous plan is forgotten.
 */
void
pw_plan_ticks_set_plan (PwPlanTicks *self,
                        PwPlan      *plan)
{
  g_return_if_fail (PW_IS_PLAN_TICKS (self));
  g_return_if_fail (plan == NULL || PW_IS_PLAN (plan));

  if (self->plan == plan)
    return;

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    {
      self->own_serial = pw_plan_get_edit_serial (plan);
      g_signal_connect_object (plan, "changed", G_CALLBACK (plan_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  pw_plan_ticks_clear (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}

/**
 * pw_plan_ticks_toggle:
 * @self: a #PwPlanTicks
 * @step: 0-based step index
 * @done: the new state
 *
 * Ticks or unticks @step and remembers it for undo, forgetting what could
 * be redone. Nothing happens when the step is already in that state.
 *
 * Returns: %TRUE if the plan changed
 */
gboolean
pw_plan_ticks_toggle (PwPlanTicks *self,
                      guint        step,
                      gboolean     done)
{
  Tick tick = { step, !!done };

  g_return_val_if_fail (PW_IS_PLAN_TICKS (self), FALSE);

  if (self->plan == NULL || step >= pw_plan_get_n_steps (self->plan))
    return FALSE;
  if (!!pw_plan_get_step (self->plan, step)->done == tick.done)
    return FALSE;
  if (!apply (self, step, tick.done))
    return FALSE;

  g_array_append_val (self->undo, tick);
  g_array_set_size (self->redo, 0);
  update_can (self);

  return TRUE;
}

/**
 * pw_plan_ticks_undo:
 * @self: a #PwPlanTicks
 *
 * Reverts the last tick.
 *
 * Returns: %TRUE if the plan changed
 */
gboolean
pw_plan_ticks_undo (PwPlanTicks *self)
{
  g_return_val_if_fail (PW_IS_PLAN_TICKS (self), FALSE);

  return replay (self, self->undo, self->redo, TRUE);
}

/**
 * pw_plan_ticks_redo:
 * @self: a #PwPlanTicks
 *
 * Applies again the last tick undone.
 *
 * Returns: %TRUE if the plan changed
 */
gboolean
pw_plan_ticks_redo (PwPlanTicks *self)
{
  g_return_val_if_fail (PW_IS_PLAN_TICKS (self), FALSE);

  return replay (self, self->redo, self->undo, FALSE);
}

gboolean
pw_plan_ticks_get_can_undo (PwPlanTicks *self)
{
  g_return_val_if_fail (PW_IS_PLAN_TICKS (self), FALSE);

  return self->can_undo;
}

gboolean
pw_plan_ticks_get_can_redo (PwPlanTicks *self)
{
  g_return_val_if_fail (PW_IS_PLAN_TICKS (self), FALSE);

  return self->can_redo;
}

/**
 * pw_plan_ticks_clear:
 * @self: a #PwPlanTicks
 *
 * Forgets what could be undone or redone.
 */
void
pw_plan_ticks_clear (PwPlanTicks *self)
{
  g_return_if_fail (PW_IS_PLAN_TICKS (self));

  g_array_set_size (self->undo, 0);
  g_array_set_size (self->redo, 0);
  update_can (self);
}
