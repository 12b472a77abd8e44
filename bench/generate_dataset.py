"""Generate the benchmark dataset at a scale: 20,000 articles, 5,000 meetings, 2,000 people and
98 regions × 25 years × 3 flows of trade figures at 1×, every table ×N at `--scale N`.

    .venv/bin/python bench/generate_dataset.py [--scale N] [--database-url postgres://postgres@127.0.0.1:5432/belregions_bench]

The database is dropped, created and migrated (the migration loads the 98
regions and 24 sectors, and makes every index), then filled: with PostgreSQL's
COPY, articles a chunk at a time, so memory stays flat however many there are.
Everything is drawn from one seeded random generator, so the same seed and
scale give the same rows. Articles have text, and every fact's evidence
offsets point into it, so article pages render as they do for parsed articles.

What grows with the scale: articles, meetings, people, and with them every
article's facts (region, sector and person mentions, meeting reports), the
meetings' regions and participants, the trade figures and the trade-key table
(one key per region, partner, year and flow: at 1× the 98 regions each with
Belarus; above it, pairs of a Russian region and a Belarusian oblast, until
every pair has its keys). The dashboard's read models (belregions/read_models.py)
are rebuilt from the links after the load: COPY sends no signal to keep them.
The regions and sectors are reference data and stay as they are.

The skew is Zipf-like (weight 1/rank): a few regions (Moscow, St Petersburg,
the border oblasts) have most mentions, meetings and extra trade reports, and
a few people take part in most meetings. Every region still has one figure a
year for each flow; on top of those, reports of the same point (some partial,
some from an editor, some rejected, some disagreeing by more than 10 %) give
the consolidation rule work to do.

`populate(Sizes(...))` fills whatever database Django is connected to (on
SQLite with `bulk_create`); the dashboard's query-count tests and the
generator's own tests call it with small sizes. Its rows are made by the
tests' builders (tests/factories.py, the unsaved `new_*` ones), so a benchmark
article and a test's article have one shape; this script draws, writes the
texts and inserts the builders' rows field for field.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
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
# Belarus's busiest partners first (the capitals, the border regions, the industrial ones); the rest follow
# in a seeded order. Their rank is their Zipf rank.
BUSIEST = ("RU-MOW", "BY-HM", "RU-SPE", "RU-MOS", "BY-MI", "RU-SMO", "RU-BRY", "RU-PSK", "RU-LEN", "BY-VI",
           "RU-TA", "RU-SVE", "BY-HO", "RU-KLU", "RU-NIZ", "RU-KDA", "BY-BR", "RU-YAR", "RU-TYU", "BY-MA",
           "RU-NVS", "BY-HR", "RU-ROS", "RU-BA", "RU-SAM")
CHUNK = 5_000  # articles written (with their facts) at a time


@dataclass(frozen=True)
class Sizes:
    """1× sizes; `scale` multiplies every table that is not reference data."""

    articles: int = 20_000
    meetings: int = 5_000
    people: int = 2_000
    first_year: int = 2000
    years: int = 25
    regions: int | None = None  # None: all 98
    second_reports: float = 0.15  # extra reports, as a share of the 1× region-year-flow points
    seed: int = 20240601
    scale: int = 1


@dataclass
class Plan:
    """One article's facts before its text is written."""

    published: date
    regions: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    trade: list[dict] = field(default_factory=list)
    meetings: list[int] = field(default_factory=list)


class Weighted:
    """Draws from `items` by weight; `Weighted.zipf` weighs them 1/rank (the first is the likeliest)."""

    def __init__(self, items: Sequence, weights: Iterable[float]):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    @classmethod
    def zipf(cls, items: Sequence) -> Weighted:
        return cls(items, (1 / rank for rank in range(1, len(items) + 1)))

    def weight(self, item) -> float:
        index = self.items.index(item)
        return self.cumulative[index] - (self.cumulative[index - 1] if index else 0)

    def one(self, rnd: random.Random):
        return self.items[bisect.bisect(self.cumulative, rnd.random() * self.cumulative[-1])]

    def distinct(self, rnd: random.Random, k: int) -> list:
        """k different items (all of them when there are fewer)."""
        k, picked = min(k, len(self.items)), []
        while len(picked) < k:
            item = self.one(rnd)
            if item not in picked:
                picked.append(item)
        return picked


@dataclass
class Draft:
    """Everything drawn before the articles are written; an article's own mentions are drawn as it is written."""

    published: list[date]
    people: list[dict]
    meetings: list[dict]
    reports: dict[int, list[int]]  # article number -> numbers of the meetings it reports
    trade: dict[int, list[dict]]  # article number -> its trade figures


def populate(sizes: Sizes) -> dict[str, int]:
    """Fill the connected database; returns how many rows of each kind were made."""
    from belregions.models import Region, Sector

    rnd = random.Random(sizes.seed)
    regions = list(Region.objects.order_by("code").values_list("code", "name_en", "kind", "country"))
    regions = regions[: sizes.regions] if sizes.regions else regions
    sectors = list(Sector.objects.order_by("slug").values_list("slug", flat=True))
    ranked = _ranked(rnd, [r[0] for r in regions])
    people = _people(rnd, sizes.people * sizes.scale, [r[0] for r in regions if r[3] == "RU"])
    published = _published(rnd, sizes)
    draft = Draft(published, people, [], {}, {})
    _meetings(rnd, sizes, draft, ranked)
    _trade(rnd, sizes, draft, regions, ranked)
    return _write(rnd, draft, ranked, {r[0]: r[1] for r in regions}, sectors)


def _ranked(rnd: random.Random, codes: list[str]) -> Weighted:
    """The regions in Zipf order: the busiest by name, the rest shuffled by the seed."""
    busiest = [code for code in BUSIEST if code in codes]
    rest = [code for code in codes if code not in busiest]
    rnd.shuffle(rest)
    return Weighted.zipf(busiest + rest)


def _people(rnd: random.Random, count: int, codes: list[str]) -> list[dict]:
    return [{"name": f"{rnd.choice(FIRST)} {LAST[i % len(LAST)]}-{i}", "key": f"bench-{i}",
             "role": rnd.choice(ROLES), "region_id": rnd.choice(codes)} for i in range(count)]


def _published(rnd: random.Random, sizes: Sizes) -> list[date]:
    start = date(sizes.first_year, 1, 1)
    span = (date(sizes.first_year + sizes.years, 12, 31) - start).days
    return sorted(start + timedelta(days=rnd.randrange(span)) for _ in range(sizes.articles * sizes.scale))


def _by_year(published: list[date]) -> dict[int, list[int]]:
    years: dict[int, list[int]] = {}
    for number, day in enumerate(published):
        years.setdefault(day.year, []).append(number)
    return years


def _meetings(rnd, sizes: Sizes, draft: Draft, ranked: Weighted) -> None:
    """Meetings in a few regions, with a few people (both Zipf-like); 30 % reported by a second article."""
    years, people = _by_year(draft.published), Weighted.zipf(range(len(draft.people)))
    for number in range(sizes.meetings * sizes.scale):
        source = rnd.randrange(len(draft.published))
        day = draft.published[source] - timedelta(days=rnd.randint(0, 2))
        draft.meetings.append({"date": day, "kind": rnd.choice(KINDS),
                               "regions": ranked.distinct(rnd, rnd.randint(1, 2)),
                               "people": people.distinct(rnd, rnd.randint(1, 3))})
        draft.reports.setdefault(source, []).append(number)
        second = rnd.choice(years[draft.published[source].year])
        if rnd.random() < 0.3 and second != source:  # a second article reports the same meeting
            draft.reports.setdefault(second, []).append(number)


@dataclass(frozen=True)
class Pair:
    """A trade pair as TradeFigure stores it (None: Russia / Belarus as a whole) and how often it is reported."""

    region: str | None
    by_region: str | None
    weight: float
    amount: float  # the first year's turnover, in dollars


def _trade(rnd, sizes: Sizes, draft: Draft, regions, ranked: Weighted) -> None:
    """One figure a year and flow for every pair, then extra reports of Zipf-drawn pairs: ×scale of 1×'s figures."""
    years, last = _by_year(draft.published), sizes.first_year + sizes.years - 1
    pairs = _pairs(rnd, sizes, regions, ranked)
    for pair in pairs:
        for year in range(sizes.first_year, last + 1):
            for flow in FLOWS:
                _report(rnd, draft, years, pair, (year, flow, _amount(pair, year - sizes.first_year, flow)), {})
    points_at_1x = len(regions) * sizes.years * len(FLOWS)
    wanted = round(points_at_1x * (1 + sizes.second_reports) * sizes.scale)
    reported = Weighted(pairs, (pair.weight for pair in pairs))
    for _ in range(wanted - len(pairs) * sizes.years * len(FLOWS)):
        pair, year, flow = reported.one(rnd), rnd.randint(sizes.first_year, last), rnd.choice(FLOWS)
        _report(rnd, draft, years, pair, (year, flow, _amount(pair, year - sizes.first_year, flow)), _variant(rnd))


def _amount(pair: Pair, years_on: int, flow: str) -> float:
    """The pair's dollars in a flow, growing 4 % of the first year's a year."""
    return pair.amount * (1 + 0.04 * years_on) * SHARES[flow]


def _pairs(rnd, sizes: Sizes, regions, ranked: Weighted) -> list[Pair]:
    """Each region with the other country; above 1×, (scale - 1) × as many region-oblast pairs, Zipf-drawn.

    There are 83 × 7 region-oblast pairs: past about 7×, every one has its keys and the key table stops growing.
    """
    kinds = {code: (kind, country) for code, _name, kind, country in regions}
    pairs = [Pair(code, None, ranked.weight(code), rnd.uniform(5e6, 2e9)) if kinds[code][1] == "RU"
             else Pair(None, code, ranked.weight(code), rnd.uniform(5e6, 2e9)) for code in ranked.items]
    wanted = (sizes.scale - 1) * len(regions)
    if wanted <= 0:
        return pairs
    oblasts = Weighted.zipf([code for code in ranked.items if kinds[code][1] == "BY"])
    subjects = [code for code in ranked.items if kinds[code] != ("federal_district", "RU") and kinds[code][1] == "RU"]
    candidates = [(subject, oblast, ranked.weight(subject) * oblasts.weight(oblast))
                  for subject in subjects for oblast in oblasts.items]
    # Weighted sampling without replacement (Efraimidis-Spirakis): the largest random() ** (1 / weight) win.
    drawn = sorted(candidates, key=lambda c: rnd.random() ** (1 / c[2]), reverse=True)[:wanted]
    return pairs + [Pair(subject, oblast, weight, rnd.uniform(1e6, 3e8)) for subject, oblast, weight in drawn]


def _variant(rnd: random.Random) -> dict:
    """How a further report differs: partial, an editor's, rejected, or a disagreeing number."""
    return rnd.choice([{"partial": True}, {"origin": "editor", "review": "added"},
                       {"review": "rejected", "factor": 3.0}, {"factor": 1.25}, {"factor": 1.03}])


def _report(rnd, draft: Draft, years: dict[int, list[int]], pair: Pair, point: tuple, variant: dict) -> None:
    """A figure of `pair` (year, flow, dollars), in an article published the year after (or the same year)."""
    from belregions.currency import denomination, rates

    year, flow, value = point
    pool = years.get(year + 1) or years.get(year) or next(iter(years.values()))
    article = rnd.choice(pool)
    published = draft.published[article]
    end = date(year, 5, 31) if variant.get("partial") else None  # None: the whole year
    currency = rnd.choices(("USD", "RUB", "BYN"), weights=(85, 10, 5))[0]
    value *= variant.get("factor", 1.0) * (0.4 if variant.get("partial") else 1)
    # In the article's currency at the year's rate; Belarusian roubles are old ones before July 2016.
    value *= float(rates().rate(denomination(currency, published, year), year).per_usd)
    draft.trade.setdefault(article, []).append({
        "region": pair.region, "by_region": pair.by_region, "year": year, "end": end,
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


class BulkWriter:
    """Inserts builders' rows with bulk_create (any database; SQLite in the tests)."""

    def __init__(self, connection):
        self.connection = connection

    def begin(self) -> None:
        """Called first inside the load's transaction."""

    def write(self, model, rows: list) -> int:
        model.objects.bulk_create(rows, batch_size=2000)
        return len(rows)

    def reset_sequences(self, models: Iterable) -> None:
        """After rows written with their own ids, the database's next id follows them."""
        from django.core.management.color import no_style

        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(sql)


class CopyWriter(BulkWriter):
    """Writes the same rows with PostgreSQL's COPY: each concrete field's value as the row holds it."""

    def __init__(self, connection):
        from django.utils import timezone

        super().__init__(connection)
        self.now = timezone.now()  # what auto_now and auto_now_add would set: one load, one time

    def begin(self) -> None:
        # Foreign keys checked as each row arrives, not all at the commit: Django makes them deferrable, and at
        # 100× the deferred checks would queue tens of millions of trigger events in the server's memory.
        with self.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def write(self, model, rows: list) -> int:
        if not rows:
            return 0
        fields = [f for f in model._meta.concrete_fields
                  if not f.generated and (rows[0].pk is not None or not f.primary_key)]
        quote = self.connection.ops.quote_name
        sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
        values = self._values(fields)
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(values(row))
        return len(rows)

    def _values(self, fields: list):
        """A function giving a row's values in the fields' order, as bulk_create would save them."""
        from django.db.models import JSONField

        names = [f.attname for f in fields]
        stamped = [i for i, f in enumerate(fields)
                   if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        as_json = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]

        def values(row) -> list:
            out = [getattr(row, name) for name in names]
            for i in stamped:
                out[i] = self.now
            for i in as_json:
                out[i] = json.dumps(out[i])
            return out

        return values


def _writer(connection) -> BulkWriter:
    return CopyWriter(connection) if connection.vendor == "postgresql" else BulkWriter(connection)


def _write(rnd, draft: Draft, ranked: Weighted, names: dict[str, str], sectors: list[str]) -> dict[str, int]:
    from django.db import connection, transaction

    from articles.models import Article
    from belregions import read_models, trade_keys
    from belregions.models import Meeting, Person

    writer = _writer(connection)
    with transaction.atomic():
        writer.begin()
        person_rows = _write_people(writer, draft.people)
        meeting_rows, links = _write_meetings(writer, draft.meetings, person_rows)
        counts = _write_articles(rnd, writer, draft, (ranked, names, sectors), person_rows, meeting_rows)
        writer.reset_sequences([Article, Person, Meeting])
        keys = trade_keys.rebuild()  # neither bulk_create nor COPY sends a signal
        # Nor do the dashboard's read models see the links go in: built from them at once (bounded by the
        # 24 sectors × 98 regions, so not among the counts that grow with the scale).
        read_models.rebuild()
    return {"articles": len(draft.published), "meetings": len(meeting_rows), "people": len(person_rows),
            **counts, **links, "TradeKey": keys}


def _first_id(model) -> int:
    """The id after every row the table has (none, in a fresh database): rows are written with their ids."""
    from django.db.models import Max

    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _numbered(rows: list, model) -> list:
    for number, row in enumerate(rows, start=_first_id(model)):
        row.pk = number
    return rows


def _write_people(writer: BulkWriter, people: list[dict]) -> list:
    from belregions.models import Person
    from tests import factories as make

    rows = _numbered([make.new_person(p["name"], p["region_id"], p["role"], key=p["key"]) for p in people], Person)
    for start in range(0, len(rows), CHUNK * 4):
        writer.write(Person, rows[start:start + CHUNK * 4])
    return rows


def _write_meetings(writer: BulkWriter, meetings: list[dict], person_rows: list) -> tuple[list, dict[str, int]]:
    from belregions.models import Meeting
    from tests import factories as make

    rows = _numbered([make.new_meeting(m["date"], m["kind"]) for m in meetings], Meeting)
    for start in range(0, len(rows), CHUNK * 4):
        writer.write(Meeting, rows[start:start + CHUNK * 4])
    regions = _links(writer, Meeting.regions.through, "region_id", rows, meetings, "regions", None)
    people = _links(writer, Meeting.participants.through, "person_id", rows, meetings, "people",
                    [p.pk for p in person_rows])
    return rows, {"meeting regions": regions, "meeting participants": people}


def _links(writer: BulkWriter, through, column: str, meeting_rows, meetings, key: str, ids: list | None) -> int:
    written = 0
    for start in range(0, len(meetings), CHUNK * 4):  # a chunk at a time: 100× has 500,000 meetings
        pairs = zip(meeting_rows[start:start + CHUNK * 4], meetings[start:start + CHUNK * 4], strict=True)
        written += writer.write(through, [through(meeting_id=row.pk, **{column: ids[v] if ids else v})
                                          for row, meeting in pairs for v in meeting[key]])
    return written


def _write_articles(rnd, writer: BulkWriter, draft: Draft, reference: tuple, person_rows, meeting_rows) -> dict:
    """The articles a chunk at a time, each chunk's facts after it; returns how many facts of each kind."""
    from articles.models import Article

    ranked, names, sectors = reference
    people, builders = Weighted.zipf(range(len(draft.people))), _builders()
    counts = {model.__name__: 0 for model in builders}
    first = _first_id(Article)
    for start in range(0, len(draft.published), CHUNK):
        numbers = range(start, min(start + CHUNK, len(draft.published)))
        plans = [_plan(rnd, draft, number, ranked, sectors, people) for number in numbers]
        texts = [_text(number, plan, names, draft.people) for number, plan in zip(numbers, plans, strict=True)]
        articles = [_article(first + number, plan, text)
                    for number, plan, text in zip(numbers, plans, texts, strict=True)]
        writer.write(Article, articles)
        facts = {model: [] for model in builders}
        for article, (_title, _body, spans) in zip(articles, texts, strict=True):
            for model, values in spans:
                facts[model].append(builders[model](article, **_resolve(values, person_rows, meeting_rows)))
        for model, rows in facts.items():
            counts[model.__name__] += writer.write(model, rows)
    return counts


def _plan(rnd, draft: Draft, number: int, ranked: Weighted, sectors: list[str], people: Weighted) -> Plan:
    """Article `number`'s facts: its own mentions drawn now, its meetings and figures as drafted."""
    return Plan(published=draft.published[number], regions=ranked.distinct(rnd, rnd.randint(1, 4)),
                sectors=rnd.sample(sectors, k=rnd.randint(0, 3)), people=people.distinct(rnd, rnd.randint(0, 3)),
                trade=draft.trade.pop(number, []), meetings=draft.reports.pop(number, []))


def _article(pk: int, plan: Plan, text: tuple):
    from tests import factories as make

    title, body, _spans = text
    row = make.new_article(title, body, plan.published, raw=body.encode(), source_name="Bench",
                           original_filename=f"bench-{pk}.txt")
    row.pk = pk
    return row


def _builders() -> dict:
    """Each fact model's unsaved-row builder: called as builder(article, **values)."""
    from belregions.models import ArticlePerson, ArticleRegion, ArticleSector, MeetingSource, TradeFigure
    from tests import factories as make

    return {ArticleRegion: make.new_mention, ArticleSector: make.new_sector, ArticlePerson: make.new_named,
            TradeFigure: make.new_figure, MeetingSource: make.new_meeting_source}


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


def skew() -> dict[str, float]:
    """How concentrated the data is: the share of figures, region mentions and participations of the busiest."""
    from django.db.models import Count

    from belregions.models import ArticleRegion, Meeting, TradeFigure

    def top_share(rows, top: int) -> float:
        counts = sorted((row["n"] for row in rows), reverse=True)
        return sum(counts[:top]) / max(sum(counts), 1)

    people = Meeting.participants.through.objects.values("person_id").annotate(n=Count("id"))
    return {
        "trade figures of the 5 busiest Russian regions": top_share(
            TradeFigure.objects.exclude(region=None).values("region_id").annotate(n=Count("id")), 5),
        "region mentions of the 5 busiest regions": top_share(
            ArticleRegion.objects.values("region_id").annotate(n=Count("id")), 5),
        "participations of the busiest 1 % of people": top_share(people, max(1, round(people.count() / 100))),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--scale", type=int, default=1, help="every table ×N (1: 20,000 articles)")
    parser.add_argument("--articles", type=int, default=Sizes.articles, help="articles at 1×")
    parser.add_argument("--meetings", type=int, default=Sizes.meetings, help="meetings at 1×")
    parser.add_argument("--seed", type=int, default=Sizes.seed)
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the benchmark runs on PostgreSQL: give a postgres:// URL")
    if args.scale < 1:
        raise SystemExit("--scale is a whole number from 1")
    recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = populate(Sizes(articles=args.articles, meetings=args.meetings, seed=args.seed, scale=args.scale))
    loaded = time.perf_counter()
    _analyze()
    print(", ".join(f"{name}: {count:,}" for name, count in counts.items()))
    print(f"loaded in {loaded - started:.0f} s, VACUUM ANALYZE {time.perf_counter() - loaded:.0f} s, "
          f"database {_database_size() / 2**20:,.0f} MB")
    print(", ".join(f"{name}: {share:.0%}" for name, share in skew().items()))


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give in time
        cursor.execute("VACUUM ANALYZE")


def _database_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
