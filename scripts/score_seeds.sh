#!/usr/bin/env bash
# Score the parser on the seed fixtures with the shared scorer (developer aid).
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp)
.venv/bin/python -m articles.extraction.cli tests/fixtures/seeds/*.txt >"$out" || true
.venv/bin/python tests/fixtures/score_extraction.py tests/fixtures/seeds_gold.json "$out"
rm -f "$out"
