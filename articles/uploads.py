"""What an editor sends (files, zips, pasted text) becomes articles, with one report line per file.

Every file is judged on its own: a wrong type, an empty file or one over the
size limit is refused with the reason, and the rest of the batch goes on.
Zips are read in memory, member by member, never written to disk: a member
with an unsafe path, a nested zip, an encrypted or over-large member is
refused; so is a zip that holds too many files or unpacks to too much (sizes
are checked as declared and again as actually read, since headers can lie).
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from articles import services
from articles.models import UploadBatch

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
ZIP_SUFFIX = ".zip"
ACCEPTED = "only .txt, .html and .zip files are accepted"
# Errors a damaged or exotic zip member raises while being read.
UNZIP_ERRORS = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, OSError, EOFError, ValueError)


@dataclass(frozen=True)
class Incoming:
    """One file of a batch: its bytes, or why it was refused before being stored."""

    name: str
    raw: bytes = b""
    refusal: str = ""


@dataclass(frozen=True)
class Options:
    """What the editor said about the whole batch."""

    source_name: str = ""
    source_url: str = ""
    published_override: date | None = None

    def as_kwargs(self) -> dict:
        return {"source_name": self.source_name, "source_url": self.source_url,
                "published_override": self.published_override}


@dataclass
class Progress:
    """Counts while a batch is stored; `on_item` is called after each file."""

    on_item: Callable[[int, dict], None] | None = None
    entries: list[dict] = field(default_factory=list)


def size(n: int) -> str:
    return str(filesizeformat(n)).replace("\xa0", " ")


def checked(name: str, raw: bytes) -> Incoming:
    """The bytes of one article file, or the reason they can't be one."""
    limit = settings.ARTICLE_MAX_UPLOAD_BYTES
    if not raw.strip():
        return Incoming(name, refusal="the file is empty")
    if len(raw) > limit:
        return Incoming(name, refusal=f"the file is over the {size(limit)} limit per file")
    return Incoming(name, raw)


def from_file(name: str, stream: IO[bytes], length: int) -> Iterator[Incoming]:
    """One uploaded file: an article, or a zip of them."""
    suffix = Path(name).suffix.lower()
    limit = settings.ARTICLE_MAX_UPLOAD_BYTES
    if suffix == ZIP_SUFFIX:
        yield from from_zip(name, stream, length)
    elif suffix not in ARTICLE_SUFFIXES:
        yield Incoming(name, refusal=f"{ACCEPTED}, not {suffix or 'a file without an extension'}")
    elif length > limit:
        yield Incoming(name, refusal=f"the file is {size(length)}, over the {size(limit)} limit per file")
    else:
        yield checked(name, stream.read(limit + 1))


def from_text(text: str, name: str = "pasted.txt") -> Incoming:
    return checked(name, text.encode("utf-8"))


def from_zip(name: str, stream: IO[bytes], length: int) -> Iterator[Incoming]:
    if length > settings.ARTICLE_MAX_ZIP_BYTES:
        yield Incoming(name, refusal=f"the zip is {size(length)}, over the {size(settings.ARTICLE_MAX_ZIP_BYTES)} "
                                     "limit (ARTICLE_MAX_ZIP_BYTES)")
        return
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        yield Incoming(name, refusal="the file is not a readable zip")
        return
    with archive:
        yield from _members(name, archive)


def _members(name: str, archive: zipfile.ZipFile) -> Iterator[Incoming]:
    members = [info for info in archive.infolist() if not info.is_dir()]
    problem = _zip_problem(members)
    if problem:
        yield Incoming(name, refusal=problem)
        return
    budget = settings.ARTICLE_MAX_ZIP_BYTES
    for info in members:
        item = _member(name, archive, info)
        budget -= len(item.raw)
        if budget < 0:
            yield Incoming(item.name, refusal="the zip unpacks to more than it declared; the rest is not read")
            return
        yield item


def _zip_problem(members: list[zipfile.ZipInfo]) -> str:
    if not members:
        return "the zip holds no files"
    if len(members) > settings.ARTICLE_MAX_ZIP_FILES:
        return f"the zip holds {len(members)} files, more than {settings.ARTICLE_MAX_ZIP_FILES} (ARTICLE_MAX_ZIP_FILES)"
    unpacked = sum(info.file_size for info in members)
    if unpacked > settings.ARTICLE_MAX_ZIP_BYTES:
        return f"the zip unpacks to {size(unpacked)}, over the {size(settings.ARTICLE_MAX_ZIP_BYTES)} limit"
    return ""


def _member(zip_name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Incoming:
    label = f"{zip_name}/{info.filename}"
    refusal = member_refusal(info)
    if refusal:
        return Incoming(label, refusal=refusal)
    try:
        with archive.open(info) as member:
            raw = member.read(settings.ARTICLE_MAX_UPLOAD_BYTES + 1)
    except UNZIP_ERRORS as exc:
        return Incoming(label, refusal=f"could not be unpacked ({exc})")
    return checked(label, raw)


def member_refusal(info: zipfile.ZipInfo) -> str:
    """Why a zip member is not an article we read, or ''."""
    path = PurePosixPath(info.filename.replace("\\", "/"))
    suffix = path.suffix.lower()
    unsafe = path.is_absolute() or ".." in path.parts or ":" in "".join(path.parts[:1])
    checks = (
        (unsafe, "unsafe path in the zip: not read"),
        (stat.S_ISLNK(info.external_attr >> 16), "a symbolic link: not read"),
        ("__MACOSX" in path.parts or path.name.startswith("."), "a system file: skipped"),
        (suffix == ZIP_SUFFIX, "a zip inside the zip: unpack it and upload its files"),
        (suffix not in ARTICLE_SUFFIXES, f"{ACCEPTED}, not {suffix or 'a file without an extension'}"),
        (bool(info.flag_bits & 0x1), "the member is encrypted"),
        (info.file_size > settings.ARTICLE_MAX_UPLOAD_BYTES,
         f"the file is {size(info.file_size)}, over the {size(settings.ARTICLE_MAX_UPLOAD_BYTES)} limit per file"),
    )
    return next((reason for failed, reason in checks if failed), "")


def store_batch(items: Iterable[Incoming], *, user=None, options: Options | None = None, via: str = "admin",
                progress: Progress | None = None) -> UploadBatch:
    """Store each accepted file as an article (its parse queued), and the batch's report."""
    options, progress = options or Options(), progress or Progress()
    batch = UploadBatch.objects.create(created_by=user, via=via)
    with services.parse_batches():  # the parses go in batches, a message for several articles
        for item in items:
            progress.entries.append(store_one(item, batch, user, options))
            if progress.on_item:
                progress.on_item(len(progress.entries), progress.entries[-1])
    batch.report = progress.entries
    batch.save(update_fields=["report"])
    return batch


def store_one(item: Incoming, batch: UploadBatch, user, options: Options) -> dict:
    if item.refusal:
        return {"name": item.name, "outcome": "refused", "reason": item.refusal}
    upload = services.create_article(item.raw, filename=item.name, user=user, batch=batch, **options.as_kwargs())
    if upload.created:
        return {"name": item.name, "outcome": "new", "article": upload.article.pk}
    return {"name": item.name, "outcome": "duplicate", "article": upload.article.pk,
            "reason": f"same file as article {upload.article.pk}"}


def open_batch(user, batch_id: int | None, via: str = "admin") -> UploadBatch:
    """The batch a page's files go to one request at a time: a new one, or the user's own it began.

    UploadBatch.DoesNotExist when the id is not a batch of this user's.
    """
    if batch_id is None:
        return UploadBatch.objects.create(created_by=user, via=via)
    return UploadBatch.objects.get(pk=batch_id, created_by=user)


def store_into(batch: UploadBatch, items: Iterable[Incoming], *, user=None,
               options: Options | None = None) -> Iterator[dict]:
    """Store each file into an open batch, yielding its report line as soon as it is stored.

    Each line is added to the batch's report at once (under a row lock), so the
    batch page is right however far the upload got.
    """
    options = options or Options()
    with services.parse_batches():  # a zip's articles are parsed in batches, a message for several
        for item in items:
            entry = store_one(item, batch, user, options)
            with transaction.atomic():
                locked = UploadBatch.objects.select_for_update().only("report").get(pk=batch.pk)
                locked.report = [*locked.report, entry]
                locked.save(update_fields=["report"])
            yield entry
