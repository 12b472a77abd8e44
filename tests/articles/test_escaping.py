"""Whatever an upload holds (file names, titles, text, sources, evidence), the admin pages show it as text."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, UploadBatch
from belregions.models import ArticleRegion, Region
from belregions.review import fact_add

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'
HTML_ARTICLE = (f"<html><head><title>Omsk &lt;script&gt;alert('title')&lt;/script&gt;</title></head><body>"
                f"<h1>Belarus and Omsk Oblast {HOSTILE}</h1>{HOSTILE}<p>Trade between Belarus and Omsk Oblast "
                f"&lt;img src=x onerror=alert(1)&gt; grew in 2020.</p></body></html>").encode()
RAW_MARKUP = ("<script>alert", "<img src=x", "<b onmouseover")  # as markup: a raw "<" opens them


@pytest.fixture
def hostile(staff_client, editor, django_capture_on_commit_callbacks) -> Article:
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:articles_article_add"), {
            "upload": [SimpleUploadedFile("omsk<script>.html", HTML_ARTICLE), SimpleUploadedFile("x.pdf", b"%")],
            "pasted_text": f"{HOSTILE} Belarus and Omsk\n\nTrade between Belarus and Omsk Oblast <b onmouseover=1>grew",
            "source_name": "<b onmouseover=alert(1)>BelTA</b>", "source_url": "", "published_override": "",
        })
    article = Article.objects.get(original_filename__endswith=".html")
    fact_add(ArticleRegion(article=article), editor, region=Region.objects.get(pk="RU-TOM"),
             evidence=f"Tomsk {HOSTILE}")
    return article


def pages(article: Article) -> list[str]:
    region = article.articleregion_facts.first()
    return [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_change", args=[Article.objects.get(original_filename="pasted.txt").pk]),
        reverse("admin:articles_uploadbatch_changelist"),
        reverse("admin:articles_uploadbatch_change", args=[UploadBatch.objects.get().pk]),
        reverse("admin:articles_parserun_changelist"),
        reverse("admin:articles_parserun_change", args=[article.parse_runs.first().pk]),
        reverse("admin:belregions_articleregion_changelist"),
        reverse("admin:belregions_articleregion_change", args=[region.pk]),
        reverse("admin:belregions_factchange_changelist"),
        reverse("admin:articles_article_changelist") + "?q=script",
    ]


def test_no_admin_page_lets_uploaded_markup_through(staff_client, hostile):
    shown_escaped = 0
    for url in pages(hostile):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for markup in RAW_MARKUP:
            assert markup not in page, f"{markup!r} unescaped in {url}"
        shown_escaped += page.count("&lt;script&gt;") + page.count("&lt;b onmouseover")
    assert shown_escaped > 5  # the hostile text is there, as text


def test_the_status_json_carries_text_not_markup(staff_client, hostile):
    url = reverse("admin:articles_article_status") + f"?ids={hostile.pk}"
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/json"
    assert response.json()["articles"][0]["id"] == hostile.pk


def test_the_original_file_is_downloaded_never_rendered(staff_client, hostile):
    response = staff_client.get(reverse("admin:articles_article_original", args=[hostile.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="article-{hostile.pk}.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"
