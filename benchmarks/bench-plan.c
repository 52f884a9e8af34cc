/* bench-plan.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures the plan model against md4c's bare parse:
 *   1. a 20 MB plan parsed one-shot by PwPlan vs md_parse() with empty
 *      callbacks (target ≤ 2×);
 *   2. a 1 MB plan fed to pw_plan_append() in 100,000 chunks, with the model
 *      read every 1,000 chunks as a UI refresh would, vs the one-shot parse
 *      (target ≤ 3×).
 * Usage: bench-plan [MEGABYTES]   (default 20)
 */

#include "config.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pw-plan.h"

#define REPEATS 5

/* A realistic slice of an LLM-written plan; %u is the repetition number. */
static const char block[] =
  "## %u. Szczegóły żądania\n"
  "\n"
  "Endpoint przyjmuje obiekt JSON z polami `title`, `description` i `tags`. Walidacja odbywa się\n"
  "za pomocą **Zod**; błędne dane kończą się odpowiedzią `400 Bad Request` z listą błędów.\n"
  "\n"
  "- Metoda HTTP: `POST`\n"
  "- Struktura URL: `/api/items/{id}/notes`\n"
  "- Parametry:\n"
  "  - Wymagane: `id` (UUID), `content` (string, 1–5000 znaków)\n"
  "  - Opcjonalne: `tags` (tablica stringów)\n"
  "\n"
  "```typescript\n"
  "export const createNoteSchema = z.object({\n"
  "  content: z.string().min(1).max(5000),\n"
  "  tags: z.array(z.string()).optional(),\n"
  "});\n"
  "```\n"
  "\n"
  "| Kod | Znaczenie |\n"
  "| --- | --- |\n"
  "| 201 | Utworzono notatkę |\n"
  "| 404 | Nie znaleziono książki |\n"
  "\n"
  "### Krok %u: Implementacja serwisu\n"
  "\n"
  "1. [ ] Utworzyć `NotesService` w `src/lib/services/notes.service.ts`.\n"
  "2. [x] Dodać metodę `createNote()` z obsługą błędów *Supabase*.\n"
  "   - Mapować `PGRST116` na 404\n"
  "   - Logować błędy przez `console.error`\n"
  "3. Napisać testy jednostkowe (Vitest) dla przypadków brzegowych.\n"
  "\n"
  "> Uwaga: RLS musi być włączone dla tabeli `notes`.\n"
  "\n";

static const char head[] =
  "# API Endpoint Implementation Plan: POST /api/items/{id}/notes\n"
  "\n"
  "## 9. Kroki implementacji\n"
  "\n"
  "1. Przygotować typy DTO.\n"
  "2. Dodać walidację.\n"
  "3. Zaimplementować serwis.\n"
  "\n";

static GString *
make_plan (gsize bytes)
{
  GString *text = g_string_sized_new (bytes + sizeof block + 64);
  guint n = 0;

  g_string_append (text, head);
  while (text->len < bytes)
    {
      n++;
      g_string_append_printf (text, block, n + 10, n);
    }

  return text;
}

static int
enter_block_cb (MD_BLOCKTYPE t, void *d, void *u)
{
  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE t, void *d, void *u)
{
  return 0;
}

static int
enter_span_cb (MD_SPANTYPE t, void *d, void *u)
{
  return 0;
}

static int
leave_span_cb (MD_SPANTYPE t, void *d, void *u)
{
  return 0;
}

static int
text_cb (MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
  return 0;
}

static double
bare_parse (const GString *text)
{
  MD_PARSER parser = { 0, };
  double best = G_MAXDOUBLE;

  parser.flags = MD_FLAG_TASKLISTS | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = enter_block_cb;
  parser.leave_block = leave_block_cb;
  parser.enter_span = enter_span_cb;
  parser.leave_span = leave_span_cb;
  parser.text = text_cb;

  for (guint r = 0; r < REPEATS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      md_parse (text->str, text->len, &parser, NULL);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
    }

  return best;
}

static double
model_parse (const GString *text,
             guint         *n_steps)
{
  double best = G_MAXDOUBLE;

  for (guint r = 0; r < REPEATS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(PwPlan) plan = pw_plan_new_from_text (text->str, text->len);

      *n_steps = pw_plan_get_n_steps (plan);
      (void)pw_plan_get_n_sections (plan);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
    }

  return best;
}

static double
streamed_parse (const GString *text,
                guint          n_chunks,
                guint          read_every,
                guint         *n_steps)
{
  double best = G_MAXDOUBLE;
  gsize chunk = (text->len + n_chunks - 1) / n_chunks;

  for (guint r = 0; r < REPEATS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(PwPlan) plan = pw_plan_new ();
      guint n = 0;

      for (gsize pos = 0; pos < text->len; pos += chunk)
        {
          pw_plan_append (plan, text->str + pos, MIN (chunk, text->len - pos));
          if (read_every > 0 && ++n % read_every == 0)
            (void)pw_plan_get_n_steps (plan);
        }
      pw_plan_finish (plan);
      *n_steps = pw_plan_get_n_steps (plan);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
    }

  return best;
}

int
main (int   argc,
      char *argv[])
{
  guint megabytes = argc > 1 ? (guint)atoi (argv[1]) : 20;
  g_autoptr(GString) big = NULL;
  g_autoptr(GString) small = NULL;
  double bare, model, oneshot, streamed, streamed_often, streamed_lazy;
  guint steps = 0, steps_streamed = 0;

  if (megabytes == 0)
    megabytes = 20;

  big = make_plan ((gsize)megabytes * 1024 * 1024);
  bare = bare_parse (big);
  model = model_parse (big, &steps);
  printf ("one-shot, %.1f MB: md4c bare %.1f ms (%.2f ms/MB), PwPlan %.1f ms, ratio %.2f (target <= 2), %u steps\n",
          big->len / 1048576.0, bare, bare / (big->len / 1048576.0), model, model / bare, steps);

  small = make_plan (1024 * 1024);
  oneshot = model_parse (small, &steps);
  streamed = streamed_parse (small, 100000, 1000, &steps_streamed);
  g_assert_cmpuint (steps, ==, steps_streamed);
  streamed_often = streamed_parse (small, 100000, 100, &steps_streamed);
  streamed_lazy = streamed_parse (small, 100000, 0, &steps_streamed);
  printf ("streaming, 1 MB in 100000 chunks: one-shot %.2f ms; read every 1000 chunks %.2f ms, ratio %.2f (target <= 3); "
          "every 100 chunks %.2f ms, ratio %.2f; only at the end %.2f ms, ratio %.2f\n",
          oneshot, streamed, streamed / oneshot, streamed_often, streamed_often / oneshot,
          streamed_lazy, streamed_lazy / oneshot);

  return 0;
}
