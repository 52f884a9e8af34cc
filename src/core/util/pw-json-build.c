/* pw-json-build.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-json-build"

#include "config.h"

#include "pw-json-build.h"

/*
 * One call per member of an object under construction, where json-glib
 * takes two (the member's name, then its value).
 */

/**
 * pw_json_build_string:
 * @builder: a builder inside an object
 * @member: the member's name
 * @value: (nullable): its value; %NULL gives JSON null
 */
void
pw_json_build_string (JsonBuilder *builder,
                      const char  *member,
                      const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
pw_json_build_int (JsonBuilder *builder,
                   const char  *member,
                   gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
pw_json_build_boolean (JsonBuilder *builder,
                       const char  *member,
                       gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}
