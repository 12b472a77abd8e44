#!/usr/bin/env bash
# Score the parser on the seed fixtures (developer aid; the floors are asserted in
# tests/articles/test_seed_scores.py).
set -eu
cd "$(dirname "$0")/.."
.venv/bin/python manage.py evaluate tests/fixtures/seeds_gold.json tests/fixtures/seeds/*.txt
