"""`manage.py import_articles PATH...`: upload files, folders and zips as one batch, as the admin does.

Progress goes to stderr, one line per file; the summary to stdout. With
--wait, it waits for the parses and reports parsed, failed (with reasons) and
duplicates of other articles' text.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles import uploads
from articles.models import IN_PROGRESS, Article, Status, UploadBatch

WAIT_POLL_SECONDS = 1.0


def files_in(paths: list[Path]) -> list[Path]:
    """Every file named, and the files under every folder named (hidden ones left out), in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
        else:
            found.append(path)
    return found


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def incoming(files: list[Path], on_file=None) -> Iterator[uploads.Incoming]:
    for number, path in enumerate(files, start=1):
        if on_file:
            on_file(number)
        if not path.is_file():
            yield uploads.Incoming(str(path), refusal="no such file")
            continue
        with path.open("rb") as stream:
            yield from uploads.from_file(path.name, stream, path.stat().st_size)


class Command(BaseCommand):
    help = "Import .txt/.html articles from files, folders and zips, queue their parses, and summarise."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--source-name", default="")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--published", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                            help="Published date for every article (overrides the text)")
        parser.add_argument("--user", default="", help="Record this username as the uploader")
        parser.add_argument("--wait", action="store_true", help="Wait until every new article is parsed or failed")
        parser.add_argument("--timeout", type=float, default=600, help="Seconds --wait waits at most")

    def handle(self, *args, paths, source_name, source_url, published, user, wait, timeout, **options):
        files = files_in(paths)
        self.file_count, self.file_number = len(files), 0
        options = uploads.Options(source_name=source_name, source_url=source_url, published_override=published)
        progress = uploads.Progress(on_item=self.show_item)
        batch = uploads.store_batch(incoming(files, self.at_file), user=self.uploader(user), options=options,
                                    via="import_articles", progress=progress)
        self.summarise_upload(batch)
        if wait:
            self.wait_for(batch, timeout)
            self.summarise_parses(batch)

    def uploader(self, username: str):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user

    def at_file(self, number: int) -> None:
        self.file_number = number

    def show_item(self, done: int, entry: dict) -> None:
        """One progress line per article file (a zip gives several under its own number)."""
        detail = {"new": "new", "duplicate": f"uploaded before (article {entry.get('article')})",
                  "refused": f"refused: {entry.get('reason')}"}[entry["outcome"]]
        self.stderr.write(f"[{self.file_number}/{self.file_count}] {entry['name']}: {detail}")

    def summarise_upload(self, batch: UploadBatch) -> None:
        counts = batch.outcome_counts()
        self.stdout.write(f"Batch {batch.pk}: {counts['new']} new, {counts['duplicate']} duplicate, "
                          f"{counts['refused']} refused.")
        for entry in batch.report:
            if entry["outcome"] == "duplicate":
                self.stdout.write(f"  duplicate: {entry['name']} is article {entry['article']}")
            elif entry["outcome"] == "refused":
                self.stdout.write(f"  refused: {entry['name']}: {entry['reason']}")

    def wait_for(self, batch: UploadBatch, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            counts = Article.all_objects.filter(batch=batch).status_counts()
            waiting = sum(counts[s] for s in IN_PROGRESS)
            done = sum(counts.values()) - waiting
            self.stderr.write(f"\rparsing: {done}/{sum(counts.values())} done", ending="")
            if not waiting:
                self.stderr.write("")
                return
            if time.monotonic() > deadline:
                self.stderr.write("")
                raise CommandError(f"{waiting} article(s) still queued or parsing after {timeout:g}s; "
                                   "is a worker running? (celery -A config worker)")
            sys.stderr.flush()
            time.sleep(WAIT_POLL_SECONDS)

    def summarise_parses(self, batch: UploadBatch) -> None:
        articles = Article.all_objects.filter(batch=batch).defer("raw", "text").order_by("pk")
        counts = articles.status_counts()
        self.stdout.write(f"Parsed {counts[Status.PARSED]}, failed {counts[Status.FAILED]}, "
                          f"same text as another article {counts[Status.DUPLICATE]}.")
        for article in articles:
            if article.status == Status.FAILED:
                self.stdout.write(f"  failed: {article.original_filename}: {article.error_code}: "
                                  f"{article.error_message}")
            elif article.status == Status.DUPLICATE:
                self.stdout.write(f"  duplicate text: {article.original_filename} repeats article "
                                  f"{article.duplicate_of_id}")
