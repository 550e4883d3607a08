#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own inputs: the court files for `court_yaml`,
# the bad-input corpus too, and the notice templates (Markdown) for `markdown_pdf` and
# `markdown_runs`.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/court_yaml corpus/template_render corpus/markdown_pdf corpus/markdown_runs
for f in ../courts/*.yaml ../tests/bad-input/*/courts/*; do
  cp "$f" "corpus/court_yaml/seed-$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")" 2>/dev/null || true
done
for f in ../notice-templates/*.md ../notice-templates/partials/*.md; do
  # First byte picks the layout (document, letter, slides).
  for layout in 0 1 2; do
    { printf "\\x3$layout"; cat "$f"; } > "corpus/markdown_pdf/seed-$layout-$(basename "$f")"
  done
  cp "$f" "corpus/markdown_runs/seed-$(basename "$f")"
done
printf 'Court <script>alert(1)</script>\x01District *of* _Testing_\x01# Jane\x01[x](javascript:y)' \
  > corpus/template_render/seed-hostile
