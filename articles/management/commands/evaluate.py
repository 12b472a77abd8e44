"""`manage.py evaluate GOLD.json PATH...`: score the parser on annotated articles."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import score
from articles.extraction.cli import extract_paths


class Command(BaseCommand):
    help = "Parse PATHs and print precision, recall and F1 per field against a gold file."
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, metavar="GOLD.json")
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, gold: Path, paths: list[str], **options):
        try:
            answers = json.loads(gold.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read gold file {gold}: {exc}") from None
        report = score(answers, extract_paths(paths))
        self.stdout.write("\n".join(report.lines()))
