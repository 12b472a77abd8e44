# ruff: noqa: S608 - the SQL names only the models' tables and columns; every value is a parameter
"""The dashboard's read models: counts the writes keep, so that a page reads a few rows, never every link.

Four counts, each with a ledger behind it:

- `SectorRegionCount`: for each sector and region, how many articles name
  both (as readers count: the links not rejected, the article not deleted). A
  federal district's row counts the articles that name the sector and the
  district or any of its regions, once each. The overview's heat map reads the
  districts' rows; a region's or a district's page reads its own row of each
  sector. Its ledger, `SectorRegionArticle`: one row per article, sector and
  region (or district) the article is counted for.
- `MeetingYearCount`: for each year and kind, how many meetings are reported
  (a report not rejected, of an article not deleted) and dated then: the
  overview's meetings per year. Its ledger, `CountedMeeting`: one row per such
  meeting, with the year and kind it is counted under.
- `MeetingMonthCount`: for each region, month and kind, how many meetings are
  reported (dated or not: `UNDATED`) and held there; a district's row counts
  the meetings held in it or any of its regions, once each. A region's or a
  district's page charts and counts its rows. Ledger: `CountedMeetingRegion`.
- `SectorYearCount`: for each sector, region ("" for everywhere; a district
  as in `SectorRegionCount`) and year of publication (`UNDATED`), how many
  articles name them: a sector page's trend. Ledger: `SectorYearArticle`.

A ledger is what lets any change take back exactly what an article or a
meeting contributed before, whatever changed (a re-parse, a review, a soft
delete, a merge, a corrected date): `refresh(articles, meetings)` makes their
ledger rows what the links say now and moves each count by the rows that went
and came. Calling it again changes nothing.

Who calls it, in the transaction that changes the links:

- the parse (`articles.fact_writer`, inside `deferred()`, which
  `articles.services.write_result` opens around the article's save too: the
  year counts read its new date): once, at the end, for its article and the
  meetings its reports were and are of: a lock and one statement on PostgreSQL
  (a data-modifying WITH, whatever the number of read models), three
  statements per read model on SQLite;
- the listeners below, for every other writer: the review services and the
  fact admins (a link or report saved or deleted), a meeting restated,
  moved to other regions (`m2m_changed`) or deleted, a soft delete, restore or merge (the article saved with
  `deleted_at`), a hard delete, the tests' builders.

`bulk_create`, COPY and `loaddata` send no signal: after them, `rebuild()`
(`manage.py rebuild_read_models`; the benchmark's generator calls it).

Concurrency. The counts move by increments (`n = n + excluded.n` in an
upsert, rows in one order), so two transactions never lose each other's. The
refreshes of one article, or of one meeting, follow each other: each takes the
article's (meeting's) row lock before it reads the links, so the second reads
what the first committed. (A parse holds its article's lock from the start;
the review services take it before they touch a fact.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from belregions.models import (
    UNDATED,
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Review,
)

ARTICLE = "articles.Article"  # the domain imports nothing from articles: the model by its label


def _in(column: str, ids: list[int]) -> str:
    return f"{column} IN ({', '.join(['%s'] * len(ids))})"


def _any(column: str) -> str:
    """PostgreSQL: the ids as one array parameter, so that the statement's text is the same for any number."""
    return f"{column} = ANY(%s)"


@dataclass(frozen=True)
class _ReadModel:
    """One count and its ledger, as SQL: `owner` is the article or meeting a ledger row belongs to."""

    owner_table: str
    ledger: str
    owner: str  # the ledger's column of the owner's id
    keys: tuple[str, ...]  # the ledger's and the counts' key columns
    counts: str
    count: str  # the counts' column
    wanted_sql: str  # rows (owner, *keys) counted now, of the owners a "{where}" on the owner's id picks
    wanted_params: tuple[tuple, ...]  # for each "{where}", the parameters after it up to the next one

    def wanted(self, where: str, where_params: list) -> tuple[str, list]:
        assert self.wanted_sql.count("{where}") == len(self.wanted_params)
        params = [param for after in self.wanted_params for param in (*where_params, *after)]
        return self.wanted_sql.replace("{where}", where), params

    def upsert(self, moved: str) -> str:
        """Move each count by the sum of its `moved` rows (*keys, d: 1 or -1), in one order, so that two
        transactions never wait on each other crosswise. (SQLite's upsert wants a WHERE after its SELECT.)"""
        keys = ", ".join(self.keys)
        return (f"INSERT INTO {self.counts} ({keys}, {self.count}) SELECT {keys}, SUM(d) FROM ({moved}) AS moved "
                f"WHERE TRUE GROUP BY {keys} HAVING SUM(d) <> 0 ORDER BY {keys} ON CONFLICT ({keys}) "
                f"DO UPDATE SET {self.count} = {self.counts}.{self.count} + excluded.{self.count}")

    def same(self, a: str, b: str) -> str:
        return " AND ".join(f"{a}.{column} = {b}.{column}" for column in (self.owner, *self.keys))


def _models(apps=global_apps) -> tuple[_ReadModel, ...]:
    """The read models, their names from the models given (a migration passes its historical ones: the models
    its state has not yet are left out)."""
    table = {}
    for name in (ARTICLE, "belregions.Region", "belregions.ArticleSector", "belregions.ArticleRegion",
                 "belregions.Meeting", "belregions.MeetingSource", "belregions.SectorRegionCount",
                 "belregions.SectorRegionArticle", "belregions.MeetingYearCount", "belregions.CountedMeeting",
                 "belregions.MeetingMonthCount", "belregions.CountedMeetingRegion", "belregions.SectorYearCount",
                 "belregions.SectorYearArticle"):
        try:
            table[name] = apps.get_model(name)._meta.db_table
        except LookupError:
            pass
    table["held"] = apps.get_model("belregions.Meeting")._meta.get_field("regions").remote_field.through._meta.db_table
    article, region = table[ARTICLE], table["belregions.Region"]
    links = (f"FROM {table['belregions.ArticleSector']} s JOIN {table['belregions.ArticleRegion']} r "
             f"ON r.article_id = s.article_id JOIN {article} a ON a.id = s.article_id ")
    counted = "WHERE {where} AND a.deleted_at IS NULL AND s.review <> %s AND r.review <> %s"
    # Each counted sector with each counted region, and with its district (a district is its own).
    sectors = _ReadModel(
        article, table["belregions.SectorRegionArticle"], "article_id", ("sector_id", "region_id"),
        table["belregions.SectorRegionCount"], "articles",
        f"SELECT s.article_id, s.sector_id, r.region_id {links}{counted} "
        f"UNION SELECT s.article_id, s.sector_id, g.district_id {links}JOIN {region} g ON g.code = r.region_id "
        f"{counted} AND g.district_id IS NOT NULL", ((Review.REJECTED, Review.REJECTED),) * 2)
    reported = (f"AND EXISTS (SELECT 1 FROM {table['belregions.MeetingSource']} s JOIN {article} a "
                f"ON a.id = s.article_id WHERE s.meeting_id = m.id AND s.review <> %s AND a.deleted_at IS NULL)")
    meetings = _ReadModel(
        table["belregions.Meeting"], table["belregions.CountedMeeting"], "meeting_id", ("year", "kind"),
        table["belregions.MeetingYearCount"], "meetings",
        f"SELECT m.id AS meeting_id, {_part('YEAR', 'm.date')} AS year, m.kind AS kind "
        f"FROM {table['belregions.Meeting']} m WHERE {{where}} AND m.date IS NOT NULL {reported}",
        ((Review.REJECTED,),))
    found = [sectors, meetings]
    if "belregions.MeetingMonthCount" in table:
        found += [_meeting_months(table, reported), _sector_years(table, links, counted)]
    return tuple(found)


def _part(part: str, column: str) -> str:
    """A date's year or month as an integer, `UNDATED` (0) for no date."""
    if connection.vendor == "postgresql":
        return f"COALESCE(CAST(EXTRACT({part} FROM {column}) AS integer), {UNDATED})"
    pattern = {"YEAR": "%%Y", "MONTH": "%%m"}[part]
    return f"COALESCE(CAST(strftime('{pattern}', {column}) AS integer), {UNDATED})"


def _meeting_months(table: dict[str, str], reported: str) -> _ReadModel:
    """Each reported meeting (dated or not) with each region it was held in, and with that region's district."""
    meeting, region = table["belregions.Meeting"], table["belregions.Region"]
    held = table["held"]
    when = f"{_part('YEAR', 'm.date')} AS year, {_part('MONTH', 'm.date')} AS month, m.kind AS kind"
    joined = f"FROM {meeting} m JOIN {held} h ON h.meeting_id = m.id "
    return _ReadModel(
        meeting, table["belregions.CountedMeetingRegion"], "meeting_id", ("region_id", "year", "month", "kind"),
        table["belregions.MeetingMonthCount"], "meetings",
        f"SELECT m.id AS meeting_id, h.region_id AS region_id, {when} {joined}WHERE {{where}} {reported} "
        f"UNION SELECT m.id, g.district_id, {when} {joined}JOIN {region} g ON g.code = h.region_id "
        f"WHERE {{where}} AND g.district_id IS NOT NULL {reported}", ((Review.REJECTED,),) * 2)


def _sector_years(table: dict[str, str], links: str, counted: str) -> _ReadModel:
    """Each counted sector of an article by its year: everywhere (""), with each counted region, its district."""
    region, year, sectors = table["belregions.Region"], _part("YEAR", "a.published"), table["belregions.ArticleSector"]
    return _ReadModel(
        table[ARTICLE], table["belregions.SectorYearArticle"], "article_id", ("sector_id", "region_code", "year"),
        table["belregions.SectorYearCount"], "articles",
        f"SELECT s.article_id, s.sector_id, '' AS region_code, {year} AS year FROM {sectors} s "
        f"JOIN {table[ARTICLE]} a ON a.id = s.article_id WHERE {{where}} AND a.deleted_at IS NULL AND s.review <> %s "
        f"UNION SELECT s.article_id, s.sector_id, r.region_id, {year} {links}{counted} "
        f"UNION SELECT s.article_id, s.sector_id, g.district_id, {year} {links}JOIN {region} g "
        f"ON g.code = r.region_id {counted} AND g.district_id IS NOT NULL",
        ((Review.REJECTED,), (Review.REJECTED, Review.REJECTED), (Review.REJECTED, Review.REJECTED)))


def refresh(articles: Iterable[int] = (), meetings: Iterable[int] = (), *, articles_locked: bool = False) -> None:
    """Bring the ledger rows of these articles (sectors × regions) and meetings (year and kind), and the counts,
    in line with what the links say now. Use inside the transaction that changed them, after the change.

    The rows of these articles and meetings are locked first (the articles' not, when the caller holds them).
    """
    articles = sorted({pk for pk in articles if pk is not None})
    meetings = sorted({pk for pk in meetings if pk is not None})
    parts = [(model, ids) for model in _models()
             if (ids := articles if model.owner == "article_id" else meetings)]
    if not parts:
        return
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for model, ids in parts:  # SQLite: no data-modifying WITH, one writer at a time
                _refresh_sqlite(cursor, model, ids)
            return
        owners = {model.owner_table: ids for model, ids in parts  # an owner's rows once, however many models
                  if not (articles_locked and model.owner == "article_id")}
        lock_rows(cursor, list(owners.items()))
        # One statement: per read model, the ledger rows that went and came, and the counts moved by them. Its
        # parts see one snapshot and touch different rows (went: there, not wanted; came: wanted, not there).
        ctes, params = [], []
        for n, (model, ids) in enumerate(parts):
            wanted, wanted_params = model.wanted(_any(_owner_of(model)), [ids])
            keys = ", ".join(model.keys)
            ctes += [
                f"wanted{n} ({model.owner}, {keys}) AS ({wanted})",
                f"went{n} AS (DELETE FROM {model.ledger} l WHERE {_any(f'l.{model.owner}')} AND NOT EXISTS "
                f"(SELECT 1 FROM wanted{n} w WHERE {model.same('w', 'l')}) RETURNING {keys})",
                f"came{n} AS (INSERT INTO {model.ledger} ({model.owner}, {keys}) SELECT * FROM wanted{n} "
                f"ON CONFLICT DO NOTHING RETURNING {keys})",
                f"moved{n} AS ({model.upsert(_moved(keys, f'went{n}', f'came{n}'))} RETURNING 1)",
            ]
            params += [*wanted_params, ids]
        cursor.execute(f"WITH {', '.join(ctes)} SELECT 1", params)


def _moved(keys: str, went: str, came: str) -> str:
    return f"SELECT {keys}, -1 AS d FROM {went} UNION ALL SELECT {keys}, 1 FROM {came}"


def _owner_of(model: _ReadModel) -> str:
    """The owner's id column in the model's `wanted` query."""
    return "s.article_id" if model.owner == "article_id" else "m.id"


def _refresh_sqlite(cursor, model: _ReadModel, ids: list[int]) -> None:
    """The difference moves the counts, then the owners' ledger rows are replaced: three statements."""
    wanted, wanted_params = model.wanted(_in(_owner_of(model), ids), ids)
    came, went = (", ".join(f"{alias}.{column}" for column in model.keys) for alias in ("w", "l"))
    same = model.same("w", "l")
    moved = (f"SELECT {came}, 1 AS d FROM ({wanted}) AS w WHERE NOT EXISTS (SELECT 1 FROM {model.ledger} l "
             f"WHERE {same}) UNION ALL SELECT {went}, -1 FROM {model.ledger} l "
             f"WHERE {_in(f'l.{model.owner}', ids)} AND NOT EXISTS (SELECT 1 FROM ({wanted}) AS w WHERE {same})")
    cursor.execute(model.upsert(moved), [*wanted_params, *ids, *wanted_params])
    cursor.execute(f"DELETE FROM {model.ledger} WHERE {_in(model.owner, ids)}", ids)
    cursor.execute(f"INSERT INTO {model.ledger} ({model.owner}, {', '.join(model.keys)}) {wanted}", wanted_params)


def lock_rows(cursor, tables: list[tuple[str, list[int]]]) -> None:
    """Hold these rows' locks to the end of the transaction (PostgreSQL; SQLite runs one writer at a time), the
    tables in the order given, each table's rows in id order: one statement."""
    tables = [(table, sorted(set(ids))) for table, ids in tables if ids]
    if connection.vendor != "postgresql" or not tables:
        return
    # NO KEY UPDATE: it waits for another writer's lock, not for the inserts of rows that point to this one.
    ctes = [f"locked{n} AS (SELECT id FROM {table} WHERE {_any('id')} ORDER BY id FOR NO KEY UPDATE)"
            for n, (table, _ids) in enumerate(tables)]
    counted = " + ".join(f"(SELECT COUNT(*) FROM locked{n})" for n in range(len(tables)))
    cursor.execute(f"WITH {', '.join(ctes)} SELECT {counted}", [ids for _table, ids in tables])


def lock_articles(article_ids: Iterable[int]) -> None:
    """Hold these articles' row locks, as a parse does. A writer of an article's facts takes it before touching
    them: its refresh then follows any other of the article's, and it never holds a fact a parse waits for
    while it waits for the article."""
    with connection.cursor() as cursor:
        lock_rows(cursor, [(_models()[0].owner_table, list(article_ids))])


# A parse writes its rows in bulk (no signals) and saves a few meetings (signals): within `deferred()` the
# listeners only note what changed, and one refresh at the end covers it all.

_notes = threading.local()


@dataclass
class _Notes:
    articles: set[int] = field(default_factory=set)
    meetings: set[int] = field(default_factory=set)


@contextmanager
def deferred(*, articles_locked: bool = False) -> Iterator[_Notes]:
    """Within: what the listeners see is noted (add to the notes yielded too); one refresh on a clean exit."""
    outer = getattr(_notes, "pending", None)
    if outer is not None:  # nested: the outermost block refreshes
        yield outer
        return
    _notes.pending = notes = _Notes()
    try:
        yield notes
    finally:
        _notes.pending = None
    refresh(notes.articles, notes.meetings, articles_locked=articles_locked)


def note(articles: Iterable[int] = (), meetings: Iterable[int] = ()) -> None:
    """These articles' or meetings' links changed: refresh now, or at the end of the `deferred()` block."""
    pending = getattr(_notes, "pending", None)
    if pending is None:
        refresh(articles, meetings)
        return
    pending.articles.update(pk for pk in articles if pk is not None)
    pending.meetings.update(pk for pk in meetings if pk is not None)


def rebuild(apps=global_apps) -> dict[str, int]:
    """Every ledger row and count from every link (the migration passes its historical models). Returns the
    number of counts of each."""
    done = {}
    with transaction.atomic(), connection.cursor() as cursor:
        models = _models(apps)
        if connection.vendor == "postgresql":  # writers' refreshes wait, then read what this wrote
            tables = ", ".join(table for model in models for table in (model.ledger, model.counts))
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        for model in models:
            keys = ", ".join(model.keys)
            wanted, params = model.wanted("TRUE", [])
            cursor.execute(f"DELETE FROM {model.counts}")
            cursor.execute(f"DELETE FROM {model.ledger}")
            cursor.execute(f"INSERT INTO {model.ledger} ({model.owner}, {keys}) {wanted}", params)
            cursor.execute(f"INSERT INTO {model.counts} ({keys}, {model.count}) "
                           f"SELECT {keys}, COUNT(*) FROM {model.ledger} GROUP BY {keys}")
            done[model.counts] = cursor.rowcount
    return done


def from_scratch() -> tuple[dict[tuple, int], ...]:
    """What the counts should be, from the links alone, for the checks: one dict per read model (sectors ×
    regions, years × kinds of meeting, regions × months × kinds of meeting, sectors × regions × years)."""
    found = []
    with connection.cursor() as cursor:
        for model in _models():
            keys = ", ".join(model.keys)
            wanted, params = model.wanted("TRUE", [])
            cursor.execute(f"SELECT {keys}, COUNT(*) FROM ({wanted}) AS w GROUP BY {keys}", params)
            found.append({tuple(row[:-1]): row[-1] for row in cursor.fetchall()})
    return tuple(found)


def stored() -> tuple[dict[tuple, int], ...]:
    """The counts as kept, as `from_scratch` gives them (zeros left out: a count that fell to 0 keeps its row)."""
    found = []
    with connection.cursor() as cursor:
        for model in _models():
            cursor.execute(f"SELECT {', '.join(model.keys)}, {model.count} FROM {model.counts} "
                           f"WHERE {model.count} <> 0")
            found.append({tuple(row[:-1]): row[-1] for row in cursor.fetchall()})
    return tuple(found)


# The listeners: every writer but the parse (which refreshes itself, in `deferred()`) reaches the links here.

def _deleting_articles(origin) -> bool:
    """The deletion started from an article (or a queryset of them): its ledger rows were taken back already."""
    model = getattr(origin, "model", type(origin))
    return getattr(getattr(model, "_meta", None), "label", None) == ARTICLE


def _remember_stored(sender, instance, raw=False, **kwargs) -> None:
    """A link moved to another article (a merge), or a report to another meeting (a correction): the one it left
    is refreshed too."""
    if raw or instance._state.adding:
        return
    column = "meeting_id" if sender is MeetingSource else "article_id"
    instance._read_model_owner = sender.objects.filter(pk=instance.pk).values_list(column, flat=True).first()


def _link_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # loaddata: `rebuild_read_models` afterwards
        note(articles={instance.article_id, getattr(instance, "_read_model_owner", None)})


def _link_deleted(sender, instance, origin=None, **kwargs) -> None:
    if not _deleting_articles(origin):
        note(articles={instance.article_id})


def _report_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        note(meetings={instance.meeting_id, getattr(instance, "_read_model_owner", None)})


def _report_deleted(sender, instance, **kwargs) -> None:
    note(meetings={instance.meeting_id})  # an article's hard delete too: its reports go, its meetings may


def _meeting_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    if not (raw or created):  # a new meeting has no report yet; a changed one may move year or kind, or go
        note(meetings={instance.pk})


def _article_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
    """A soft delete, restore or merge hides or shows the article's links and reports."""
    if raw or created:  # a new article has no links yet
        return
    if update_fields is None or "deleted_at" in update_fields:
        meetings = MeetingSource.objects.filter(article_id=instance.pk).values_list("meeting_id", flat=True)
        note(articles={instance.pk}, meetings=set(meetings))


def _article_deleting(sender, instance, **kwargs) -> None:
    """A hard delete: take the article's sector ledger rows back now (its links go next, their listeners
    stand aside); its reports' meetings are refreshed as each report goes."""
    models = [model for model in _models() if model.owner == "article_id"]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        lock_rows(cursor, [(models[0].owner_table, [instance.pk])])
        for model in models:
            keys = ", ".join(model.keys)
            cursor.execute(model.upsert(f"SELECT {keys}, -1 AS d FROM {model.ledger} WHERE article_id = %s"),
                           [instance.pk])
            cursor.execute(f"DELETE FROM {model.ledger} WHERE article_id = %s", [instance.pk])


def _meeting_regions_changed(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs) -> None:
    """A meeting's regions set, added or removed (the admin, a review's correction): where it counts moved."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        note(meetings={instance.pk})
    elif action == "pre_clear":  # a region's meetings cleared from its side: which they were, before they go
        note(meetings=set(sender.objects.filter(region_id=instance.pk).values_list("meeting_id", flat=True)))
    else:
        note(meetings=set(pk_set or ()))


for _model, _saved, _deleted in ((ArticleRegion, _link_saved, _link_deleted),
                                 (ArticleSector, _link_saved, _link_deleted),
                                 (MeetingSource, _report_saved, _report_deleted)):
    _uid = f"read_models.{_model.__name__}"
    pre_save.connect(_remember_stored, sender=_model, dispatch_uid=f"{_uid}.pre_save")
    post_save.connect(_saved, sender=_model, dispatch_uid=f"{_uid}.post_save")
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"{_uid}.post_delete")
post_save.connect(_meeting_changed, sender=Meeting, dispatch_uid="read_models.Meeting.post_save")
m2m_changed.connect(_meeting_regions_changed, sender=Meeting.regions.through,
                    dispatch_uid="read_models.Meeting.regions")
post_delete.connect(_meeting_changed, sender=Meeting, dispatch_uid="read_models.Meeting.post_delete")
post_save.connect(_article_saved, sender=ARTICLE, dispatch_uid="read_models.Article.post_save")
pre_delete.connect(_article_deleting, sender=ARTICLE, dispatch_uid="read_models.Article.pre_delete")
