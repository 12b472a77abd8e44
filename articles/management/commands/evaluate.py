"""`manage.py evaluate GOLD.json PATH...` or `manage.py evaluate --corpus DIR`: score the parser on gold files."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import score, split_reports
from articles.extraction.cli import extract_paths


class Command(BaseCommand):
    help = ("Parse PATHs and print precision, recall and F1 per field against a gold file; with --corpus DIR, "
            "score a corpus's dev and test splits (gold-dev.json, gold-test.json), per language and in all.")
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, nargs="?", metavar="GOLD.json")
        parser.add_argument("paths", nargs="*", metavar="PATH")
        parser.add_argument("--corpus", type=Path, metavar="DIR",
                            help="a folder with gold-dev.json, gold-test.json and the articles (tests/fixtures/corpus)")

    def handle(self, *args, gold: Path | None, paths: list[str], corpus: Path | None, **options):
        if corpus is not None:
            if gold is not None or paths:
                raise CommandError("give either --corpus DIR or GOLD.json PATH..., not both")
            return self.corpus(corpus)
        if gold is None or not paths:
            raise CommandError("give GOLD.json and at least one PATH, or --corpus DIR")
        try:
            answers = json.loads(gold.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read gold file {gold}: {exc}") from None
        report = score(answers, extract_paths(paths))
        self.stdout.write("\n".join(report.lines()))

    def corpus(self, corpus: Path) -> None:
        try:
            reports = split_reports(corpus, extract_paths)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"cannot read corpus {corpus}: {exc}") from None
        for (split, language), report in reports.items():
            self.stdout.write(f"== {split} {language} ({report.articles} articles)")
            self.stdout.write("\n".join(report.lines()))
