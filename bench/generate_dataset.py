"""Generate the benchmark dataset: 98 regions × 25 years × 3 flows of trade figures,
20,000 articles and 5,000 meetings, in a PostgreSQL database of its own.

    .venv/bin/python bench/generate_dataset.py [--database-url postgres://postgres@127.0.0.1:5432/belregions_bench]

The database is dropped, created and migrated (the migration loads the 98
regions and 24 sectors), then filled with bulk_create. Everything is drawn
from a seeded random generator, so two runs give the same data. Articles have
text, and every fact's evidence offsets point into it, so article pages
render as they do for parsed articles. On top of the one figure per region,
year and flow, about one in seven region-years gets a second report (some
partial, some from an editor, some rejected, some disagreeing by more than
10 %), so the consolidation rule has work to do.

`populate(Sizes(...))` fills whatever database Django is connected to; the
dashboard's query-count tests call it with small sizes. Its rows are made by the
tests' builders (tests/factories.py, the unsaved `new_*` ones), so a benchmark
article and a test's article have one shape; this script draws, writes the
texts and bulk-inserts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/belregions_bench"
FLOWS = ("turnover", "export", "import")
SHARES = {"turnover": 1.0, "export": 0.6, "import": 0.4}
KINDS = ("meeting", "visit", "forum", "exhibition", "agreement")
FIRST = ("Alexander", "Viktor", "Sergei", "Vladimir", "Natalia", "Irina", "Mikhail", "Andrei", "Olga", "Igor")
LAST = ("Ivanov", "Petrov", "Kuznetsov", "Sokolov", "Popov", "Lebedev", "Kozlov", "Novikov", "Morozov", "Volkov",
        "Solovyov", "Vasiliev", "Zaitsev", "Pavlov", "Semenov", "Golubev", "Vinogradov", "Bogdanov", "Vorobyov")
ROLES = ("Governor", "Deputy Governor", "Minister of Industry", "Ambassador", "Chairman of the Regional Duma")


@dataclass(frozen=True)
class Sizes:
    articles: int = 20_000
    meetings: int = 5_000
    people: int = 2_000
    first_year: int = 2000
    years: int = 25
    regions: int | None = None  # None: all 98
    second_reports: float = 0.15  # share of region-year-flows reported twice
    seed: int = 20240601


@dataclass
class Plan:
    """One article's facts before its text is written."""

    published: date
    regions: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    trade: list[dict] = field(default_factory=list)
    meetings: list[int] = field(default_factory=list)


def populate(sizes: Sizes) -> dict[str, int]:
    """Fill the connected database; returns how many rows of each kind were made."""
    from belregions.models import Region, Sector

    rnd = random.Random(sizes.seed)
    regions = list(Region.objects.order_by("code").values_list("code", "name_en", "kind", "country"))
    regions = regions[: sizes.regions] if sizes.regions else regions
    sectors = list(Sector.objects.order_by("slug").values_list("slug", flat=True))
    people = _people(rnd, sizes, [r[0] for r in regions if r[3] == "RU"])
    plans = _plans(rnd, sizes, regions, sectors, len(people))
    meetings = _meetings(rnd, sizes, regions, plans, len(people))
    _trade(rnd, sizes, regions, plans)
    return _write(plans, people, meetings, {r[0]: r[1] for r in regions}, sectors)


def _people(rnd: random.Random, sizes: Sizes, codes: list[str]) -> list[dict]:
    return [{"name": f"{rnd.choice(FIRST)} {LAST[i % len(LAST)]}-{i}", "key": f"bench-{i}",
             "role": rnd.choice(ROLES), "region_id": rnd.choice(codes)} for i in range(sizes.people)]


def _plans(rnd, sizes: Sizes, regions, sectors, n_people: int) -> list[Plan]:
    start = date(sizes.first_year, 1, 1)
    span = (date(sizes.first_year + sizes.years, 12, 31) - start).days
    plans = []
    for _ in range(sizes.articles):
        plan = Plan(published=start + timedelta(days=rnd.randrange(span)))
        plan.regions = rnd.sample([r[0] for r in regions], k=min(len(regions), rnd.randint(1, 4)))
        plan.sectors = rnd.sample(sectors, k=rnd.randint(0, 3))
        plan.people = rnd.sample(range(n_people), k=min(n_people, rnd.randint(0, 3)))
        plans.append(plan)
    plans.sort(key=lambda p: p.published)
    return plans


def _by_year(plans: list[Plan]) -> dict[int, list[Plan]]:
    years: dict[int, list[Plan]] = {}
    for plan in plans:
        years.setdefault(plan.published.year, []).append(plan)
    return years


def _meetings(rnd, sizes: Sizes, regions, plans: list[Plan], n_people: int) -> list[dict]:
    years, meetings = _by_year(plans), []
    for i in range(sizes.meetings):
        source = rnd.choice(plans)
        day = source.published - timedelta(days=rnd.randint(0, 2))
        codes = rnd.sample([r[0] for r in regions], k=min(len(regions), rnd.randint(1, 2)))
        meetings.append({"date": day, "kind": rnd.choice(KINDS), "regions": codes,
                         "people": rnd.sample(range(n_people), k=min(n_people, rnd.randint(1, 3)))})
        source.meetings.append(i)
        second = rnd.choice(years[source.published.year])
        if rnd.random() < 0.3 and second is not source:  # a second article reports the same meeting
            second.meetings.append(i)
    return meetings


def _trade(rnd, sizes: Sizes, regions, plans: list[Plan]) -> None:
    years = _by_year(plans)
    for code, _name, _kind, country in regions:
        base = rnd.uniform(5e6, 2e9)
        for year in range(sizes.first_year, sizes.first_year + sizes.years):
            for flow in FLOWS:
                amount = base * (1 + 0.04 * (year - sizes.first_year)) * SHARES[flow]
                _report(rnd, years, code, country, year, flow, amount, {})
                if rnd.random() < sizes.second_reports:
                    _report(rnd, years, code, country, year, flow, amount, _variant(rnd))


def _variant(rnd: random.Random) -> dict:
    """How a second report differs: partial, an editor's, rejected, or a disagreeing number."""
    return rnd.choice([{"partial": True}, {"origin": "editor", "review": "added"},
                       {"review": "rejected", "factor": 3.0}, {"factor": 1.25}, {"factor": 1.03}])


def _report(rnd, years, code, country, year, flow, amount, variant: dict) -> None:
    from belregions.currency import denomination, rates

    pool = years.get(year + 1) or years.get(year) or next(iter(years.values()))
    plan = rnd.choice(pool)
    end = date(year, 5, 31) if variant.get("partial") else None  # None: the whole year
    currency = rnd.choices(("USD", "RUB", "BYN"), weights=(85, 10, 5))[0]
    value = amount * variant.get("factor", 1.0) * (0.4 if variant.get("partial") else 1)
    # In the article's currency at the year's rate; Belarusian roubles are old ones before July 2016.
    value *= float(rates().rate(denomination(currency, plan.published, year), year).per_usd)
    region, by_region = (code, None) if country == "RU" else (None, code)
    plan.trade.append({"region": region, "by_region": by_region, "year": year, "end": end,
                       "amount": Decimal(round(value, -3)), "currency": currency, "flow": flow,
                       "qualifier": rnd.choice(("exact", "about", "over", "under")),
                       "origin": variant.get("origin", "machine"), "review": variant.get("review", "unreviewed")})


class Text:
    """An article's text, built sentence by sentence, remembering where things are."""

    def __init__(self, title: str):
        self.parts: list[str] = [title, "\n\n"]
        self.length = len(title) + 2

    def add(self, before: str, marked: str, after: str) -> tuple[int, int, str]:
        start = self.length + len(before)
        sentence = before + marked + after
        self.parts.append(sentence + " ")
        self.length += len(sentence) + 1
        return start, start + len(marked), sentence

    def value(self) -> str:
        return "".join(self.parts)


def _write(plans, people, meetings, names, sectors) -> dict[str, int]:
    from django.db import transaction

    from articles.models import Article
    from belregions import trade_keys
    from belregions.models import Meeting, Person
    from tests import factories as make

    with transaction.atomic():
        person_rows = Person.objects.bulk_create(
            [make.new_person(p["name"], p["region_id"], p["role"], key=p["key"]) for p in people], batch_size=2000)
        meeting_rows = Meeting.objects.bulk_create([make.new_meeting(m["date"], m["kind"]) for m in meetings],
                                                   batch_size=2000)
        _links(Meeting.regions.through, "region_id", meeting_rows, meetings, "regions")
        _links(Meeting.participants.through, "person_id", meeting_rows, meetings, "people",
               [p.pk for p in person_rows])
        texts = [_text(i, plan, names, people) for i, plan in enumerate(plans)]
        articles = Article.objects.bulk_create([
            make.new_article(title, body, plan.published, raw=body.encode(), source_name="Bench",
                             original_filename=f"bench-{i}.txt")
            for i, (plan, (title, body, _spans)) in enumerate(zip(plans, texts, strict=True))], batch_size=1000)
        builders = _builders()
        facts = {model: [] for model in builders}
        for article, (_title, _body, spans) in zip(articles, texts, strict=True):
            for model, values in spans:
                facts[model].append(builders[model](article, **_resolve(values, person_rows, meeting_rows)))
        for model, rows in facts.items():
            model.objects.bulk_create(rows, batch_size=2000)
        trade_keys.rebuild()  # bulk_create sends no signal
    counts = {model.__name__: len(rows) for model, rows in facts.items()}
    return {"articles": len(articles), "meetings": len(meeting_rows), "people": len(person_rows), **counts}


def _builders() -> dict:
    """Each fact model's unsaved-row builder: called as builder(article, **values)."""
    from belregions.models import ArticlePerson, ArticleRegion, ArticleSector, MeetingSource, TradeFigure
    from tests import factories as make

    return {ArticleRegion: make.new_mention, ArticleSector: make.new_sector, ArticlePerson: make.new_named,
            TradeFigure: make.new_figure, MeetingSource: make.new_meeting_source}


def _links(through, column: str, meeting_rows, meetings, key: str, ids: list | None = None) -> None:
    rows = [through(meeting_id=row.pk, **{column: ids[v] if ids else v})
            for row, meeting in zip(meeting_rows, meetings, strict=True) for v in meeting[key]]
    through.objects.bulk_create(rows, batch_size=5000)


def _resolve(values: dict, person_rows, meeting_rows) -> dict:
    """A plan's person and meeting numbers, as the rows just written."""
    values = dict(values)
    if "person_index" in values:
        values["who"] = person_rows[values.pop("person_index")]
    if "meeting_index" in values:
        values["event"] = meeting_rows[values.pop("meeting_index")]
    return values


def _text(number: int, plan: Plan, names: dict[str, str], people: list[dict]) -> tuple[str, str, list]:
    from belregions.models import ArticlePerson, ArticleRegion, ArticleSector, MeetingSource, TradeFigure

    first = names[plan.regions[0]]
    title = f"Belarus and {first} discuss cooperation ({plan.published:%d %B %Y}, report {number + 1})"
    text, spans = Text(title), []
    for code in plan.regions:
        start, end, sentence = text.add("Belarus intends to expand ties with ", names[code], ", officials said.")
        spans.append((ArticleRegion, _fact(start, end, sentence, region=code, mentions=1)))
    for slug in plan.sectors:
        start, end, sentence = text.add("The sides discussed projects in ", slug, ".")
        spans.append((ArticleSector, _fact(start, end, sentence, slug=slug, mentions=1)))
    for index in plan.people:
        start, end, sentence = text.add("", people[index]["name"], f", {people[index]['role']}, took part.")
        spans.append((ArticlePerson, _fact(start, end, sentence, person_index=index, role=people[index]["role"])))
    for index in plan.meetings:
        start, end, sentence = text.add("The delegations ", "met", " to sign a cooperation roadmap.")
        spans.append((MeetingSource, _fact(start, end, sentence, meeting_index=index)))
    for figure in plan.trade:
        money = f"{figure['amount']:,.0f} {figure['currency']}"
        start, end, sentence = text.add(f"In {figure['year']} the {figure['flow']} reached ", money, ".")
        spans.append((TradeFigure, _fact(start, end, sentence, **figure)))
    return title, text.value(), spans


def _fact(start: int, end: int, sentence: str, /, **values) -> dict:  # `end` may be a figure's too
    """A fact's builder arguments: the sentence as its evidence, the offsets of what it names in the text."""
    return {"evidence": sentence, "evidence_start": start, "evidence_end": end, "rule": "bench", **values}


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing odd database name {name!r}")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--articles", type=int, default=Sizes.articles)
    parser.add_argument("--meetings", type=int, default=Sizes.meetings)
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the benchmark runs on PostgreSQL: give a postgres:// URL")
    recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    counts = populate(Sizes(articles=args.articles, meetings=args.meetings))
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give in time
        cursor.execute("VACUUM ANALYZE")
    print(", ".join(f"{name}: {count:,}" for name, count in counts.items()))


if __name__ == "__main__":
    main()
