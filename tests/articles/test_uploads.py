"""What an editor sends becomes articles or clear refusals: files, zips (guarded), pasted text."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from articles import uploads
from articles.models import Article, UploadBatch

ARTICLE = b"Belarus and Omsk Oblast\n\nTrade between Belarus and Omsk Oblast grew in 2020.\n"


def zip_bytes(members: list[tuple[str | zipfile.ZipInfo, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, raw in members:
            archive.writestr(name, raw)
    return buffer.getvalue()


def read(name: str, raw: bytes) -> list[uploads.Incoming]:
    return list(uploads.from_file(name, io.BytesIO(raw), len(raw)))


def refusals(items: list[uploads.Incoming]) -> dict[str, str]:
    return {item.name: item.refusal for item in items}


@pytest.mark.parametrize(
    "name, raw, refusal",
    [
        pytest.param("a.txt", ARTICLE, "", id="txt"),
        pytest.param("A.HTML", b"<p>Omsk</p>", "", id="html-upper-case"),
        pytest.param("a.htm", b"<p>Omsk</p>", "", id="htm"),
        pytest.param("a.pdf", b"%PDF", "only .txt, .html and .zip files are accepted, not .pdf", id="pdf"),
        pytest.param("README", b"text", "only .txt, .html and .zip files are accepted, not a file without an "
                                        "extension", id="no-extension"),
        pytest.param("empty.txt", b"", "the file is empty", id="empty"),
        pytest.param("blank.txt", b" \n\t\n", "the file is empty", id="whitespace-only"),
        pytest.param("big.txt", b"x" * 101, "the file is 101 bytes, over the 100 bytes limit per file", id="too-big"),
    ],
)
def test_it_judges_each_file(name, raw, refusal, settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 100
    [item] = read(name, raw)
    assert item.refusal == refusal
    assert item.raw == (b"" if refusal else raw)


def test_it_unpacks_a_zip_with_folders():
    raw = zip_bytes([("2012/may/a.txt", ARTICLE), ("b.html", b"<p>Omsk</p>"), ("2012/", b"")])
    items = read("news.zip", raw)
    assert [(i.name, i.raw, i.refusal) for i in items] == [
        ("news.zip/2012/may/a.txt", ARTICLE, ""), ("news.zip/b.html", b"<p>Omsk</p>", "")]


@pytest.mark.parametrize(
    "member, refusal",
    [
        pytest.param("../../etc/passwd.txt", "unsafe path in the zip: not read", id="parent-path"),
        pytest.param("/abs/a.txt", "unsafe path in the zip: not read", id="absolute-path"),
        pytest.param("C:/windows/a.txt", "unsafe path in the zip: not read", id="drive-path"),
        pytest.param("..\\..\\a.txt", "unsafe path in the zip: not read", id="backslash-parent"),
        pytest.param("inner.zip", "a zip inside the zip: unpack it and upload its files", id="nested-zip"),
        pytest.param("__MACOSX/._a.txt", "a system file: skipped", id="macos-metadata"),
        pytest.param(".hidden.txt", "a system file: skipped", id="dotfile"),
        pytest.param("photo.jpg", "only .txt, .html and .zip files are accepted, not .jpg", id="wrong-type"),
    ],
)
def test_it_refuses_bad_zip_members_and_keeps_the_rest(member, refusal):
    raw = zip_bytes([(member, ARTICLE), ("good.txt", ARTICLE)])
    assert refusals(read("n.zip", raw)) == {f"n.zip/{member}": refusal, "n.zip/good.txt": ""}


def test_it_refuses_a_symbolic_link_in_a_zip():
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    raw = zip_bytes([(link, b"/etc/passwd"), ("good.txt", ARTICLE)])
    assert refusals(read("n.zip", raw)) == {"n.zip/link.txt": "a symbolic link: not read", "n.zip/good.txt": ""}


def test_it_refuses_a_member_over_the_limit(settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 1000
    raw = zip_bytes([("big.txt", b"a" * 5000), ("good.txt", ARTICLE)])
    assert refusals(read("n.zip", raw)) == {
        "n.zip/big.txt": "the file is 4.9 KB, over the 1000 bytes limit per file", "n.zip/good.txt": ""}


def test_it_refuses_a_zip_bomb_without_unpacking_it(settings):
    settings.ARTICLE_MAX_ZIP_BYTES = 1024 * 1024
    # 100 members of 1 MB of zeros: a few KB packed, 100 MB unpacked.
    raw = zip_bytes([(f"{i}.txt", b"\0" * (1024 * 1024)) for i in range(100)])
    assert len(raw) < 200_000
    [item] = read("bomb.zip", raw)
    assert item.refusal == "the zip unpacks to 100.0 MB, over the 1.0 MB limit"


def test_a_zip_lying_about_its_sizes_is_not_read_beyond_them(settings):
    """Headers can lie: a member is read up to its declared size only, and then fails its checksum."""
    settings.ARTICLE_MAX_ZIP_BYTES = 1000
    raw = bytearray(zip_bytes([(f"{i}.txt", b"x" * 5000) for i in range(3)]))
    assert len(raw) < 1000
    at = raw.find(b"PK\x01\x02")
    while at != -1:  # central directory: declare 10 bytes unpacked for each member
        raw[at + 24:at + 28] = (10).to_bytes(4, "little")
        at = raw.find(b"PK\x01\x02", at + 4)
    items = read("liar.zip", bytes(raw))
    assert [i.name for i in items] == ["liar.zip/0.txt", "liar.zip/1.txt", "liar.zip/2.txt"]
    assert all(i.refusal.startswith("could not be unpacked") and i.raw == b"" for i in items)


@pytest.mark.parametrize(
    "raw, refusal",
    [
        pytest.param(b"PK\x03\x04 not really a zip", "the file is not a readable zip", id="broken"),
        pytest.param(zip_bytes([]), "the zip holds no files", id="empty"),
    ],
)
def test_it_refuses_an_unreadable_or_empty_zip(raw, refusal):
    assert refusals(read("n.zip", raw)) == {"n.zip": refusal}


def test_it_refuses_a_zip_with_too_many_files(settings):
    settings.ARTICLE_MAX_ZIP_FILES = 3
    raw = zip_bytes([(f"{i}.txt", ARTICLE) for i in range(4)])
    assert refusals(read("n.zip", raw)) == {"n.zip": "the zip holds 4 files, more than 3 (ARTICLE_MAX_ZIP_FILES)"}


def test_it_refuses_a_zip_over_the_size_limit(settings):
    settings.ARTICLE_MAX_ZIP_BYTES = 100
    raw = zip_bytes([("a.txt", bytes(range(256)) * 4)], compression=zipfile.ZIP_STORED)
    [item] = read("n.zip", raw)
    assert item.refusal.startswith("the zip is ") and "over the 100 bytes limit (ARTICLE_MAX_ZIP_BYTES)" in item.refusal


def test_pasted_text_is_stored_as_utf8():
    item = uploads.from_text("Минск и Омская область")
    assert item == uploads.Incoming("pasted.txt", "Минск и Омская область".encode())


@pytest.mark.django_db
def test_a_batch_reports_every_file(seed_bytes, editor, django_capture_on_commit_callbacks):
    raw = seed_bytes["000_9fbf4d02873f802f.txt"]
    items = [uploads.Incoming("a.txt", raw), uploads.Incoming("again.txt", raw),
             uploads.Incoming("x.pdf", refusal="only .txt, .html and .zip files are accepted, not .pdf")]
    with django_capture_on_commit_callbacks(execute=True):
        batch = uploads.store_batch(items, user=editor, options=uploads.Options(source_name="BelTA"))
    article = Article.objects.get()
    assert batch.report == [
        {"name": "a.txt", "outcome": "new", "article": article.pk},
        {"name": "again.txt", "outcome": "duplicate", "article": article.pk,
         "reason": f"same file as article {article.pk}"},
        {"name": "x.pdf", "outcome": "refused", "reason": "only .txt, .html and .zip files are accepted, not .pdf"},
    ]
    assert batch.outcome_counts() == {"new": 1, "duplicate": 1, "refused": 1}
    assert (article.batch, article.uploaded_by, article.source_name) == (batch, editor, "BelTA")
    assert UploadBatch.objects.get().created_by == editor
