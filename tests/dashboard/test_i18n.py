"""The dashboard in Russian as well as English (issue 18): URLs, the switch, the catalogue, and no English left.

- Every dashboard page answers in both languages: English at today's unprefixed address, Russian under /ru/;
  `<html lang>`, hreflang links and a language switch that keeps the view and its query string.
- The ru catalogue is complete (every msgid translated, nothing fuzzy) and the compiled .mo says what the .po says.
- In a browser, every page in Russian at 1440 and 390 px shows no run of two or more Latin-letter words outside
  names, codes and text marked as another language (`lang="en"`, such as an English article's title), and does not
  scroll sideways.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from belregions.models import Person
from dashboard import formatting
from tests.conftest import ROOT
from tests.dashboard.test_accessibility import Site, site  # noqa: F401 - the live server with the demo data

PO = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# Each page as the tests of test_pages.py and test_accessibility.py open it, with a query string to keep.
PAGES = {
    "overview": "/?chart=line&currency=EUR",
    "regions": "/regions/?q=novo&sort=-trade",
    "region": "/regions/RU-NVS/?chart=bar",
    "district": "/regions/RU-FD-SIB/",
    "compare": "/compare/?regions=RU-NVS,RU-KYA",
    "compare-empty": "/compare/",
    "meetings": "/meetings/?kind=meeting",
    "article": "/articles/{article}/",
    "person": "/people/{person}/",
    "sectors": "/sectors/",
    "sector": "/sectors/high-tech/?region=RU-FD-SIB",
    "articles": "/articles/?language=en",
    "articles-search": "/articles/?q=trade",
}
HTML_LANG = re.compile(r'<html lang="([\w-]+)">')


def ru(path: str) -> str:
    return "/ru" + path


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_answers_in_both_languages_with_its_switch_and_hreflang(client, demo, name):
    person = Person.objects.filter(meetings__isnull=False).order_by("pk").first()
    path = PAGES[name].format(article=demo[0].pk, person=person.pk)
    bare, _, query = path.partition("?")
    for url, language, other, other_url in [(path, "en", "ru", ru(path)), (ru(path), "ru", "en", path)]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert HTML_LANG.search(html).group(1) == language
        assert response["Content-Language"] == language
        # hreflang: this page in each language, absolute, the query string kept.
        for code, address in (("en", path), ("ru", ru(path))):
            assert f'hreflang="{code}" href="http://testserver{address.replace("&", "&amp;")}"' in html, (url, code)
        # The switch to the other language keeps the view and the filters.
        switch = re.search(rf'<a href="([^"]+)" hreflang="{other}" lang="{other}" data-language="{other}"', html)
        assert switch and switch.group(1).replace("&amp;", "&") == other_url
        if query:
            assert f"?{query}" in switch.group(1).replace("&amp;", "&")
    assert bare  # the paths are the ones tested above


@pytest.mark.django_db
def test_russian_pages_say_it_in_russian(client, trade_data):
    html = client.get("/ru/regions/RU-NVS/").content.decode()
    assert "<h1>Новосибирская область" in html and 'lang="en">Novosibirsk Oblast</span>' in html
    assert "Торговля по годам" in html and "Trade by year" not in html
    assert "200,0 млн долл." in html  # the table's figure, in Russian units and separators
    english = client.get("/regions/RU-NVS/").content.decode()
    assert "<h1>Novosibirsk Oblast" in english and "$200.0 million" in english


@pytest.mark.django_db
def test_english_keeps_its_unprefixed_addresses_and_en_redirects_there(client):
    assert client.get("/regions/").status_code == 200
    response = client.get("/en/regions/RU-NVS/?chart=bar")
    assert response.status_code == 301 and response["Location"] == "/regions/RU-NVS/?chart=bar"
    assert client.get("/en//evil.example/")["Location"] == "/evil.example/"  # never protocol-relative


@pytest.mark.django_db
def test_the_api_and_healthz_stay_outside_the_language_prefix_and_the_admin_has_both(client):
    assert client.get("/api/v1/regions/").status_code == 200
    assert client.get("/ru/api/v1/regions/").status_code == 404
    assert client.get("/ru/admin/")["Location"] == "/ru/admin/login/?next=/ru/admin/"
    assert client.get("/admin/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_errors_are_in_the_page_language(client):
    missing = client.get("/ru/regions/RU-XXX/")
    assert missing.status_code == 404 and 'lang="ru"' in missing.content.decode()
    assert "Такой страницы нет" in missing.content.decode()
    bad = client.get("/ru/?top=99")
    assert bad.status_code == 400 and "нужно целое число от 1 до 20" in bad.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query, english, russian", [
    ("?from=20x0", "from must be a year between 1991 and 2100, got &#x27;20x0&#x27;",
     "from: нужен год от 1991 до 2100, получено &#x27;20x0&#x27;"),
    ("?from=2015&to=2010", "from (2015) is after to (2010)", "from (2015) позже, чем to (2010)"),
    ("?flow=transit", "flow must be one of", "flow: допустимые значения — "),
])
def test_a_bad_parameter_is_told_in_the_page_language(client, query, english, russian):
    """The shared vocabulary's messages (belregions.params) are translated when raised, the parameter named first."""
    for url, said, not_said in [("/ru/" + query, russian, english), ("/" + query, english, russian)]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 400, url
        assert f'id="request-error" role="alert">{said}' in html, url
        assert not_said not in html, url


@pytest.mark.django_db
def test_the_api_answers_in_english_whatever_the_accept_language(client):
    """Unprefixed addresses are English under i18n_patterns(prefix_default_language=False): the API's messages too."""
    response = client.get("/api/v1/trade-figures/?year_from=abc", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["errors"]["year_from"] == ["Enter a whole number."]  # Django's own, not its Russian
    currency = client.get("/api/v1/stats/trade/?currency=XYZ", HTTP_ACCEPT_LANGUAGE="ru")  # belregions.params
    assert currency.json()["errors"]["currency"][0].startswith("currency must be one of")
    ranged = client.get("/api/v1/stats/trade/?year_from=2020&year_to=2010", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.1")
    assert ranged.json()["errors"] == {"year_from": ["year_from (2020) is after year_to (2010)"]}


def test_money_and_dates_follow_the_locale():
    from datetime import date

    with translation.override("ru"):
        assert formatting.money(1_500_000_000) == "1,5 млрд долл."
        assert formatting.money(5_200_000_000, "RUB") == "5,2 млрд руб."
        assert formatting.money(12_345) == "12\u00a0345 долл."
        assert formatting.day(date(2024, 5, 25)) == "25 мая 2024 г."
    with translation.override("en"):
        assert formatting.money(1_500_000_000) == "$1.5 billion"
        assert formatting.day(date(2024, 5, 25)) == "25 May 2024"


def po_entries(path: Path) -> list[dict]:
    """The catalogue's entries: flags, msgctxt, msgid, msgid_plural and msgstr (or msgstr[n]), strings unquoted."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict = {"flags": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line):
                key = match.group(1)
                entry[key] = match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        entries.append(entry)
    return entries


def test_the_russian_catalogue_is_complete_and_nothing_is_fuzzy():
    entries = po_entries(PO)
    messages = [e for e in entries if e.get("msgid")]
    assert len(messages) > 200
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    untranslated = [e["msgid"] for e in messages
                    if not all(v for k, v in e.items() if k.startswith("msgstr"))]
    assert untranslated == []
    plurals = [e for e in messages if "msgid_plural" in e]
    assert plurals and all({"msgstr[0]", "msgstr[1]", "msgstr[2]"} <= set(e) for e in plurals)


def test_the_english_catalogue_is_complete_and_nothing_is_fuzzy():
    """English is the source language: its catalogue holds every message, each translated as itself."""
    entries = po_entries(catalogue_file("en", "po"))
    messages = [e for e in entries if e.get("msgid")]
    assert len(messages) == len([e for e in po_entries(PO) if e.get("msgid")])
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in messages if not all(v for k, v in e.items() if k.startswith("msgstr"))] == []


def catalogue_file(language: str, suffix: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_compiled_catalogue_says_what_the_po_says(language):
    """The committed .mo is the .po compiled: each message looks up to the .po's translation."""
    with catalogue_file(language, "mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in po_entries(catalogue_file(language, "po")):
        if not entry.get("msgid") or "msgid_plural" in entry:
            continue
        msgid = entry["msgid"].encode().decode("unicode_escape").encode("latin-1").decode()
        msgstr = entry["msgstr"].encode().decode("unicode_escape").encode("latin-1").decode()
        found = (catalogue.pgettext(entry["msgctxt"].encode().decode("unicode_escape").encode("latin-1").decode(),
                                    msgid) if "msgctxt" in entry else catalogue.gettext(msgid))
        assert found == msgstr, f"locale/{language}'s .mo is older than its .po at {msgid!r}: run `make messages`"


# The browser walk: visible text of the page in Russian, less what is exempt (another lang, code, the brand,
# the options of a select, which show one at a time, scripts). The charts' text is checked too.
LATIN_RUNS_JS = r"""() => {
  const exempt = el => el.closest('script, style, code, .brand, [lang]:not([lang="ru"]), option');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const runs = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || exempt(el) || !el.checkVisibility({visibilityProperty: true})) continue;
    for (const match of node.textContent.matchAll(/[A-Za-z][A-Za-z'’-]*(?:[\s,.:;()–—-]+[A-Za-z][A-Za-z'’-]*)+/g)) {
      runs.push(match[0]);
    }
  }
  return runs;
}"""
# Two Latin words that may stand together on a Russian page: codes and formats (CSV, JSON, RU-NVS) and the names
# of things that have no Russian one.
ALLOWED = re.compile(r"^(?:(?:CSV|JSON|Ctrl|USD|EUR|RUB|BYN|RU|BY|FD|[A-Z]{2,3}(?:-[A-Z]{2,3})*|Atom)[\s,.:;()–—-]*)+$")
WIDTHS = [(1440, 900), (390, 844)]
# What sticks out past the window's right edge: the innermost such elements, to name in a failure.
WIDE_JS = """() => [...document.querySelectorAll('body *')].filter(el => !el.closest('.table-scroll, .plot') &&
  el.checkVisibility() && el.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1 && ![...el.children].some(c => c.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1)).map(el => el.outerHTML.slice(0, 100)).slice(0, 5)"""


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_russian_pages_show_no_english_and_do_not_scroll_sideways(browser, site: Site, name):  # noqa: F811
    url = site.url(ru(PAGES[name]))
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            assert page.goto(url).status == 200
            page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
            assert errors == []
            assert page.evaluate("() => document.documentElement.lang") == "ru"
            english = [run for run in page.evaluate(LATIN_RUNS_JS) if not ALLOWED.match(run)]
            assert english == [], f"English words on {url} at {width}: {english[:10]}"
            sideways = page.evaluate("() => document.documentElement.scrollWidth - "
                                     "document.documentElement.clientWidth")
            assert sideways <= 0, f"{url} scrolls sideways by {sideways}px at {width}: {page.evaluate(WIDE_JS)}"
            # Plotly draws with its Russian locale (mode bar, month names), served from the static files.
            if page.locator("[data-plot]").count():
                assert page.evaluate("() => document.querySelector('[data-plot]')._context.locale") == "ru"
        finally:
            context.close()


@pytest.mark.django_db
def test_the_admin_index_says_how_to_add_a_language_and_stays_english(admin_client):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    help_text = re.search(r'<p class="help languages-help">(.*?)</p>', html, re.S).group(1)
    assert "“Languages” section" in help_text and "<code>make messages</code>" in help_text
    assert "<code>locale/&lt;code&gt;/LC_MESSAGES/django.po</code>" in help_text


@pytest.mark.django_db
@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_switch_keeps_the_view_and_its_filters_in_a_browser(browser, site: Site, width, height):  # noqa: F811
    """A reader clicks the other language and stays where they were: same page, same filters, same form state."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        assert page.goto(site.base + "/regions/?q=novo&sort=-trade").status == 200
        assert page.locator("main input[name=q]").input_value() == "novo"
        for language, prefix in (("ru", "/ru"), ("en", "")):
            if page.locator("header.site .menu-toggle").is_visible():  # at 390 px the switch is in the menu
                page.locator("header.site .menu-toggle").click()
            page.locator(f'a[data-language="{language}"]').click()
            page.wait_for_url(f"{site.base}{prefix}/regions/?q=novo&sort=-trade")
            assert page.evaluate("() => document.documentElement.lang") == language
            assert page.locator("main input[name=q]").input_value() == "novo"
            sideways = page.evaluate("() => document.documentElement.scrollWidth - "
                                     "document.documentElement.clientWidth")
            assert sideways <= 0, f"{page.url} scrolls sideways by {sideways}px at {width}"
    finally:
        context.close()
