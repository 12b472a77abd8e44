"""`manage.py import_articles PATH...`: files, folders and zips, with progress, a summary and --wait."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Status, UploadBatch

# Tasks run in-process on commit: no surrounding test transaction, so each upload commits (and parses) at once.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def folder(tmp_path, seed_bytes):
    names = sorted(seed_bytes)
    root = tmp_path / "news"
    (root / "2012").mkdir(parents=True)
    (root / "2012" / "a.txt").write_bytes(seed_bytes[names[0]])
    (root / "b.html").write_bytes(b"<html><body><h1>Belarus and Omsk Oblast</h1><p>Trade grew in 2020.</p></body>")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / ".hidden.txt").write_bytes(b"editor's scratch file")
    (root / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("c.txt", seed_bytes[names[1]])
        z.writestr("../evil.txt", b"Omsk")
    (root / "more.zip").write_bytes(archive.getvalue())
    return root


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_folders_files_and_zips_and_summarises(folder, seed_bytes, tmp_path):
    again = tmp_path / "again.txt"
    again.write_bytes(seed_bytes[sorted(seed_bytes)[0]])
    out, err = run(folder, again, tmp_path / "missing.txt", "--source-name", "BelTA", "--published", "2012-05-29")
    batch = UploadBatch.objects.get()
    assert batch.via == "import_articles"
    assert sorted(Article.objects.values_list("original_filename", flat=True)) == [
        "a.txt", "b.html", "broken.txt", "more.zip/c.txt"]
    assert set(Article.objects.values_list("source_name", "published_override")) == {
        ("BelTA", date(2012, 5, 29))}
    first = Article.objects.get(original_filename="a.txt")
    assert f"Batch {batch.pk}: 4 new, 1 duplicate, 3 refused." in out
    assert f"duplicate: again.txt is article {first.pk}" in out
    assert "refused: notes.pdf: only .txt, .html and .zip files are accepted, not .pdf" in out
    assert "refused: more.zip/../evil.txt: unsafe path in the zip: not read" in out
    assert f"refused: {tmp_path / 'missing.txt'}: no such file" in out
    assert "[1/7] a.txt: new" in err and "[7/7]" in err and ".hidden" not in err + out


def test_wait_reports_parsed_and_failed_with_reasons(folder):
    out, err = run(folder, "--wait", "--timeout", "60")
    assert "Parsed 3, failed 1, same text as another article 0." in out
    assert "failed: broken.txt: binary:" in out
    assert "parsing: 4/4 done" in err
    assert Article.objects.filter(status=Status.PARSED).count() == 3


def test_it_records_the_uploader(folder, editor):
    run(folder / "b.html", "--user", "editor")
    assert Article.objects.get().uploaded_by == editor


def test_an_unknown_user_stops_it_before_anything_is_stored(folder):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        run(folder, "--user", "nobody")
    assert not Article.objects.exists()
