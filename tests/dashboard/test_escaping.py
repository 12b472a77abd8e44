"""An article's words are text on every page, never markup: titles, names, evidence, hover labels."""

from datetime import date

import pytest

from tests import factories as make
from tests.dashboard.conftest import figures_in

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('title')</script>"
IMG = '"><img src=x onerror=alert(1)>'
TITLE = f"Trade up {SCRIPT} {IMG}"
TEXT = (f"{TITLE}\n\nTrade between Belarus and Novosibirsk Oblast {SCRIPT} exceeded $200 million in 2011 {IMG}. "
        f"Governor {IMG} Yurchenko met the President.")


@pytest.fixture
def hostile(db):
    source = make.article(TITLE, TEXT, published=date(2012, 5, 29), source_name=f"Agency {IMG}")
    make.mention(source, "RU-NVS", "Novosibirsk Oblast")
    make.figure(source, "RU-NVS", 2011, 200_000_000, words="$200 million")
    who = make.person(f"Governor {IMG} Yurchenko", "RU-NVS", role=f"Governor {SCRIPT}")
    make.named(source, who, f"Governor {IMG} Yurchenko", role=f"Governor {SCRIPT}")
    make.meeting(source, date(2012, 5, 29), ["RU-NVS"], [who], words="met")
    make.sector(source, "high-tech")
    return source


def pages(source) -> list[str]:
    return ["/", "/regions/", "/regions/RU-NVS/", "/regions/RU-FD-SIB/", "/compare/?regions=RU-NVS",
            f"/articles/{source.pk}/"]


def test_hostile_text_is_escaped_on_every_page(client, hostile):
    for url in pages(hostile):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and '"><img' not in html, url
        if url != "/regions/":  # the one page that shows no article text
            assert "&lt;script&gt;" in html or "\\u003Cscript\\u003E" in html, url


def test_it_is_shown_as_text(client, hostile):
    html = client.get(f"/articles/{hostile.pk}/").content.decode()
    assert "Trade up &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &quot;&gt;&lt;img src=x" in html
    assert '<mark class="money" title="' in html


def test_figure_json_cannot_close_its_script_element(client, hostile):
    for url in pages(hostile):
        html = client.get(url).content.decode()
        for figure_json in html.split('<script type="application/json"')[1:]:
            body = figure_json.split(">", 1)[1].split("</script>", 1)[0]
            assert "<" not in body and ">" not in body, url


def test_hover_labels_get_escaped_text(client, hostile):
    figures = figures_in(client.get("/regions/RU-NVS/").content.decode())
    hover = figures["trade"]["data"][0]["customdata"][0][2]
    assert "&lt;script&gt;" in hover and "<script>" not in hover
    html = client.get("/regions/RU-NVS/").content.decode()  # the meetings listed: names as text
    assert "&lt;img" in html and "<img src=x" not in html
