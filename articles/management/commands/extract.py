"""`manage.py extract [--format json] PATH...`: print what the parser finds.

Writes nothing to the database and needs no broker (extraction contract).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from articles.extraction.cli import extract_paths


class Command(BaseCommand):
    help = "Parse articles and print the extracted facts (JSON with --format json)."
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, paths, format, **options):
        results = extract_paths(paths)
        if format == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for result in results:
                self.stdout.write(self.describe(result))
        failed = [r["source"] for r in results if r.get("error")]
        if failed:
            # CommandError exits 1 after the output above is printed.
            raise CommandError(f"{len(failed)} of {len(results)} file(s) could not be parsed")

    def describe(self, result: dict) -> str:
        if result.get("error"):
            return f"{result['source']}: ERROR {result['error']}\n"
        lines = [f"{result['source']}: {result['title']} ({result['published']}, {result['language']})"]
        lines.append("  regions: " + ", ".join(f"{r['code']}×{r['mentions']}" for r in result["regions"]))
        lines.append("  people: " + "; ".join(p["name"] for p in result["people"]))
        for m in result["meetings"]:
            lines.append(f"  {m['kind']} {m['date']}: {', '.join(m['participants'])} {m['regions']}")
        for t in result["trade_figures"]:
            lines.append(f"  trade {t['region']} {t['period_start']}..{t['period_end']} "
                         f"{t['qualifier']} {t['amount']} {t['currency']} {t['flow']}")
        lines.append("  sectors: " + ", ".join(s["slug"] for s in result["sectors"]))
        return "\n".join(lines) + "\n"
