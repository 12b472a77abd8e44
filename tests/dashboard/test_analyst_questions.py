"""Issue 17's three analysts' questions, each answered in at most two steps from the overview, in a real browser.

On a data set built here (trade figures of eight regions for 2009–2013, three of them and two more Siberian;
Novosibirsk Oblast's governor meeting Lukashenko on three dates, then others; articles pairing sectors with
Siberian regions and one with Moscow), starting at the overview at 1440×900 and at 390×844:

1. Which regions trade most with Belarus, and how did that change? On the overview: its ranking, the top regions
   of the latest year with the change from the year before; the trend, one line per top region, made readable
   by the log scale (two steps: the Scale control, then Show).
2. When did Lukashenko last meet the governor of Novosibirsk Oblast, and what was agreed? The region from the
   ranking, then the governor's count of meetings in its People: the meetings page narrowed to him and the region,
   newest first, where the first meeting with Lukashenko has its date, both participants and what was agreed.
   (The region page itself lists only its latest 25 meetings: here the vice-governor's 26 later ones hide his.)
3. Which sectors does Belarus cooperate on with Siberia? The Siberian district's link under the heat map, then the
   data table of the district's sectors chart: every sector its articles name and no other, each linked to the
   sector's page narrowed to the district, which lists the articles behind its count.

A step is a click on a link, a button, a table header or a chart point, a choice in a select, or a search typed
and sent; `Walk` counts them and fails a question that needs more than two. Scrolling is not a step. A screenshot
of each answer as the window shows it goes to artifacts/screenshots/questions/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from tests import factories as make
from tests.conftest import ROOT, restore_data_migrations

if TYPE_CHECKING:  # playwright is imported where a browser runs: without it, the browser fixture skips (or fails in CI)
    from playwright.sync_api import Locator, Page

SHOTS = ROOT / "artifacts" / "screenshots" / "questions"
WIDTHS = {"1440": {"width": 1440, "height": 900}, "390": {"width": 390, "height": 844}}
MOST_STEPS = 2

# Turnover with Belarus in USD million, 2009–2013: Moscow's is ten times most regions', as in the real figures.
TRADE = {
    "RU-MOW": (1200, 1600, 2000, 2400, 2500),
    "RU-SPE": (600, 800, 1000, 1300, 1200),
    "RU-SVE": (200, 260, 330, 350, 400),
    "RU-NVS": (120, 150, 200, 230, 260),
    "RU-KYA": (60, 85, 110, 130, 120),
    "RU-OMS": (40, 55, 50, 70, 90),
    "RU-KEM": (40, 55, 65, 80, 75),
    "RU-TOM": (20, 25, 32, 38, 45),
}
YEARS = range(2009, 2014)
# 2013, largest first, with the change on 2012 as the ranking words it (a no-break space before %).
RANKING = [("Moscow", "$2.5 billion", "+$100.0 million", "+4.2\u00a0%"),
           ("Saint Petersburg", "$1.2 billion", "−$100.0 million", "−7.7\u00a0%"),
           ("Sverdlovsk Oblast", "$400.0 million", "+$50.0 million", "+14.3\u00a0%"),
           ("Novosibirsk Oblast", "$260.0 million", "+$30.0 million", "+13.0\u00a0%"),
           ("Krasnoyarsk Krai", "$120.0 million", "−$10.0 million", "−7.7\u00a0%"),
           ("Omsk Oblast", "$90.0 million", "+$20.0 million", "+28.6\u00a0%"),
           ("Kemerovo Oblast", "$75.0 million", "−$5.0 million", "−6.2\u00a0%"),
           ("Tomsk Oblast", "$45.0 million", "+$7.0 million", "+18.4\u00a0%")]
LUKASHENKO, GOVERNOR = "Alexander Lukashenko", "Andrey Travnikov"
LAST_MET = date(2018, 5, 15)
ROADMAP = "The sides signed a roadmap of cooperation for the next two years."
# The articles naming a sector and a region: Siberia's four sectors, and energy in Moscow only.
SECTOR_ARTICLES = [("RU-NVS", ("agriculture", "high-tech")), ("RU-OMS", ("agriculture",)),
                   ("RU-KYA", ("machinery",)), ("RU-TOM", ("high-tech", "science")), ("RU-MOW", ("energy",))]
SIBERIAN_SECTORS = {"Agriculture": 2, "High technology and innovation": 2, "Machine building": 1,
                    "Science and research": 1}
# A trend is readable when each line's own rise and fall spans at least this share of the plot's height: on the
# amounts' scale, Moscow's sets the axis and Tomsk's $25 million rise spans 3 pixels of 287 (at 1440×900).
READABLE = 0.1


@dataclass(frozen=True)
class Data:
    governor: int
    last_meeting: int  # the latest meeting of the governor with Lukashenko
    sector_articles: dict[str, set[int]]  # sector slug: the Siberian articles that name it


def build() -> Data:
    trade = make.article("Trade of Belarus with the regions of Russia", published=date(2014, 2, 1))
    for code, amounts in TRADE.items():
        make.mention(trade, code)
        for year, amount in zip(YEARS, amounts, strict=True):
            make.figure(trade, code, year, amount * 1_000_000)
    president = make.person(LUKASHENKO, None, "President of Belarus")
    governor = make.person(GOVERNOR, "RU-NVS", "Governor of Novosibirsk Oblast")
    last = None
    for day in (date(2014, 6, 10), date(2016, 9, 20), LAST_MET):
        report = make.article(f"Lukashenko meets the Novosibirsk governor, {day:%Y}",
                              f"Alexander Lukashenko met Andrey Travnikov, Governor of Novosibirsk Oblast. {ROADMAP}",
                              published=day)
        make.mention(report, "RU-NVS")
        last = make.meeting(report, day, ["RU-NVS", "BY-MI"], [president, governor])
        make.agreement(report, "roadmap", ["RU-NVS"], words=ROADMAP, meeting=last, date=day)
    # Later meetings that are not the answer: the governor without Lukashenko, Lukashenko in another region, and
    # the vice-governor's 26, which push the governor's meetings off the region page's latest 25.
    make.meeting(make.article("Travnikov meets Golovchenko"), date(2019, 3, 1), ["RU-NVS"],
                 [governor, make.person("Roman Golovchenko", None, "Prime Minister of Belarus")])
    make.meeting(make.article("Lukashenko meets Uss"), date(2019, 11, 1), ["RU-KYA"],
                 [president, make.person("Alexander Uss", "RU-KYA", "Governor of Krasnoyarsk Krai")])
    deputy = make.person("Irina Manuylova", "RU-NVS", "Deputy Governor of Novosibirsk Oblast")
    for n in range(26):
        make.meeting(make.article(f"Delegation talks {n}"), date(2019, 4, 1) + timedelta(days=10 * n), ["RU-NVS"],
                     [deputy])
    sector_articles: dict[str, set[int]] = {}
    for code, slugs in SECTOR_ARTICLES:
        source = make.article(f"Cooperation with {code}", published=date(2013, 3, 1))
        make.mention(source, code)
        for slug in slugs:
            make.sector(source, slug)
            if code != "RU-MOW":
                sector_articles.setdefault(slug, set()).add(source.pk)
    return Data(governor.pk, last.pk, sector_articles)


@dataclass(frozen=True)
class Site:
    base: str
    data: Data


@pytest.fixture(scope="module")
def site(browser, django_db_setup, django_db_blocker):
    """The data set, committed once, and a live server over it for the module; the database emptied at its end
    and its reference data given back, as a transactional test leaves it (as test_accessibility.site does)."""
    with django_db_blocker.unblock():
        restore_data_migrations()
        data = build()
        server = LiveServer("127.0.0.1:0")
        server._live_server_modified_settings.enable()
        try:
            yield Site(server.url, data)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            restore_data_migrations()


# The element drawn at the middle of a part's box is the part or inside it: nothing lies over it.
UNCOVERED_JS = """part => {
  const box = part.getBoundingClientRect();
  return part.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
}"""


def drawn(page: Page) -> None:
    page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)


@dataclass
class Walk:
    """A reader's way to an answer, from the overview: each click, choice or sent search is a step, and a question
    that needs more than MOST_STEPS fails with the steps it took."""

    page: Page
    question: str
    steps: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the pages' script errors

    def step(self, what: str) -> None:
        self.steps.append(what)
        assert len(self.steps) <= MOST_STEPS, f"{self.question} needs more than {MOST_STEPS} steps: {self.steps}"

    def follow(self, control: Locator) -> None:
        """A click that opens a page: a link, a form's button, a chart point with its own page."""
        self.step(f"click {control.inner_text()!r}")
        with self.page.expect_navigation():
            control.click()
        drawn(self.page)

    def click(self, control: Locator) -> None:
        """A click that stays on the page: a summary that opens, a table header that sorts in place."""
        self.step(f"click {control.inner_text()!r}")
        control.click()

    def choose(self, select: Locator, value: str) -> None:
        self.step(f"choose {value!r} in {select.get_attribute('name')}")
        select.select_option(value)

    def answer(self, name: str, width: str, *parts: Locator) -> None:
        """The answer's parts are on the screen together, after scrolling to each in turn (the page, or a table
        sideways in its box, as a reader scrolls), none of them covered; then the screenshot."""
        from playwright.sync_api import expect

        assert self.errors == []
        for part in parts:
            part.scroll_into_view_if_needed()
        for part in parts:
            expect(part).to_be_in_viewport()
            assert part.evaluate(UNCOVERED_JS), f"{part} is covered on the screen"
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))


@pytest.fixture
def overview(browser, site):
    """The overview in a fresh browser context of the given width, its charts drawn: where each walk starts."""
    contexts = []

    def _open(width: str, question: str) -> Walk:
        context = browser.new_context(viewport=WIDTHS[width])
        contexts.append(context)
        walk = Walk(context.new_page(), question)
        walk.page.on("pageerror", lambda error: walk.errors.append(str(error)))
        assert walk.page.goto(site.base + "/").status == 200
        drawn(walk.page)
        return walk

    yield _open
    for context in contexts:
        context.close()


# Each line's vertical extent on the screen, in pixels, from the drawn chart's own axis.
LINE_SPANS_JS = """() => {
  const gd = document.querySelector('[data-chart="trade"]');
  const axis = gd._fullLayout.yaxis;
  return {type: axis.type, height: axis._length, lines: gd._fullData.filter(t => t.visible === true).map(t => {
    const px = t.y.map(v => axis.c2p(v));
    return {name: t.name, mode: t.mode, points: t.y.length, span: Math.max(...px) - Math.min(...px)};
  })};
}"""


@pytest.mark.django_db
@pytest.mark.parametrize("width", list(WIDTHS))
def test_q1_which_regions_trade_most_and_how_that_changed(overview, width):
    walk = overview(width, "Q1 (which regions trade most, and how that changed)")
    page = walk.page
    form = page.locator("form:has(select[name=scale])")
    walk.choose(form.locator("select[name=scale]"), "log")
    walk.follow(form.locator("button[type=submit]"))

    ranking = page.locator('table[data-table="ranking"]')
    assert page.locator("#ranking-heading").inner_text().endswith("2013, with the change from 2012")
    rows = [[cell.strip() for cell in row.locator("td").all_inner_texts()]
            for row in ranking.locator("tbody tr").all()]
    assert [(name, value, change, pct) for _n, name, value, _previous, change, pct in rows] == RANKING
    assert [row[0] for row in rows] == [str(n) for n in range(1, len(RANKING) + 1)]

    trend = page.evaluate(LINE_SPANS_JS)
    assert trend["type"] == "log"
    assert {line["name"] for line in trend["lines"]} == {name for name, *_ in RANKING}  # no "all other" line
    for line in trend["lines"]:
        assert line["mode"].startswith("lines") and line["points"] == len(YEARS), line
        assert line["span"] >= READABLE * trend["height"], f"{line['name']}'s trend is flat: {line['span']:.0f} px"
    first, last = ranking.locator("tbody tr").first, ranking.locator("tbody tr").last
    # The leader's name and the last one's change, in one window: at 390 px the names stay as the figures scroll.
    walk.answer("q1-ranking", width, first.locator("td").nth(1), last.locator("td").last)
    walk.answer("q1-trend", width, page.locator("#chart-trade .plot"))


@pytest.mark.django_db
@pytest.mark.parametrize("width", list(WIDTHS))
def test_q2_when_lukashenko_last_met_the_governor_of_novosibirsk(overview, site, width):
    walk = overview(width, "Q2 (Lukashenko's latest meeting with the governor of Novosibirsk Oblast)")
    page = walk.page
    walk.follow(page.locator('table[data-table="ranking"] a', has_text="Novosibirsk Oblast"))
    people = page.locator("section[aria-labelledby=people-heading] li", has_text=f"{GOVERNOR} — Governor")
    walk.follow(people.locator("a[data-person-meetings]"))

    query = parse_qs(urlsplit(page.url).query)
    assert query == {"region": ["RU-NVS"], "person": [str(site.data.governor)]}
    rows = page.locator("#meetings-table tbody tr[data-meeting]")  # a meeting's row (what it agreed has its own)
    dates = [date.fromisoformat(d) for d in rows.locator("td:first-child time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4  # his meetings there, newest first
    answer = rows.filter(has_text=LUKASHENKO).first
    assert answer.get_attribute("data-meeting") == str(site.data.last_meeting)
    when, _kind, who, *_rest = answer.locator("td").all()
    assert when.inner_text() == "15 May 2018"
    assert LUKASHENKO in who.inner_text() and "Andrey Travnikov — Governor of Novosibirsk Oblast" in who.inner_text()
    # What was agreed: the outcome under the meeting's row, with its sentence and a link to its article.
    agreed = page.locator(f'#meetings-table tr.agreed[data-agreed="{site.data.last_meeting}"]')
    assert agreed.locator("[data-agreement]").inner_text() == "Roadmap"
    assert agreed.locator("q").inner_text() == ROADMAP
    assert agreed.locator("a").get_attribute("href").startswith("/articles/")
    walk.answer("q2-last-meeting", width, when, who, agreed.locator("q"))


@pytest.mark.django_db
@pytest.mark.parametrize("width", list(WIDTHS))
def test_q3_which_sectors_belarus_cooperates_on_with_siberia(overview, site, width):
    walk = overview(width, "Q3 (the sectors of cooperation with Siberia)")
    page = walk.page
    walk.follow(page.locator('[data-list="district-sectors"] a[data-district="RU-FD-SIB"]'))
    assert urlsplit(page.url).path == "/regions/RU-FD-SIB/"
    sectors = page.locator('#chart-sectors details[data-table="sectors"]')
    walk.click(sectors.locator("summary"))

    rows = sectors.locator("tbody tr")
    shown = {row.locator("th").inner_text(): int(row.locator("td").last.inner_text()) for row in rows.all()}
    assert shown == SIBERIAN_SECTORS
    for link in rows.locator("th a").all():
        # The link's promise, checked by asking its page's data (not a reader's step): the articles behind the count.
        href = link.get_attribute("href")
        slug, query = urlsplit(href).path.split("/")[2], parse_qs(urlsplit(href).query)
        assert query == {"region": ["RU-FD-SIB"]}
        listed = page.request.get(f"{site.base}{href}&data=articles&format=json").json()["rows"]
        assert {row["id"] for row in listed} == site.data.sector_articles[slug], slug
    walk.answer("q3-siberian-sectors", width, rows.first, rows.last)


def test_a_question_that_needs_a_third_step_fails():
    walk = Walk(page=None, question="Q0 (the test's own)")
    walk.step("click Regions")
    walk.step("click Novosibirsk Oblast")
    with pytest.raises(AssertionError, match=r"Q0 \(the test's own\) needs more than 2 steps: \[.*'click Meetings'\]"):
        walk.step("click Meetings")
