"""Document dating: the article's own date, and the year its days without a year take.

Runs after the DATE spans are found and before any fact step, so that meetings, periods and
"last year" all read one answer:
- `doc.published`: the article's day: the dateline (dated by a header line of the same day), else a
  date line of the header, else a date in the lead; a missing year comes from the text.
- `doc.year`: the article's year, also where the text fixes the year but not the day; a day and
  month the text names without a year (a meeting "on 14 March") and "last year" are read against it.
Page dates the content contradicts (a site's date at crawl time, a stamp every page carries) are
discarded: an article cannot predate a period it reports as over, nor fall outside the year of the
year-to-date figures it gives.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from articles.extraction.document import Document, Span, step
from articles.extraction.meta import DateRule, DateValue, FoundDate, is_date_line
from articles.extraction.resources import Resources

_HALF_YEAR = timedelta(days=183)
# A dateline's date sits within this many characters of the body's start (after the city): a standfirst
# or a "subscribe" line may come between the headline and the dateline.
_DATELINE_REACH = 400
# A lead date may stand this far into the body, after an agency's name.
_LEAD_REACH = 40
# Year phrases ("по сравнению с 2010 годом") are looked for this far around each year.
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_WINDOW = 40
# An article names a few dozen years at most; reading more only slows down huge inputs.
_MAX_YEAR_MENTIONS = 300
# A year-to-date period's words stand this far before its year; a forecast's verb this far after it.
_CURRENT_BEFORE, _CURRENT_AFTER = 60, 130
# A tense cue tells a named year's tense this close to it.
_CUE_REACH = 80
# News reports a day it names in its lead within this many days of the article's date: a lead that
# reports a day further back (in the same year) was not written on the page's date.
_LEAD_DAY_LAG = timedelta(days=31)
# A full date this close to a day named without a year gives that day its year ("Resolution No. 81 of
# 10 February 2020 was posted on 12 February").
_NEARBY_DAYS = timedelta(days=31)
# A page's own date stands this many days at most after its dateline's day.
_PAGE_DAYS = timedelta(days=7)
# The lead, for dating, is the body's first paragraph up to this many sentences: agencies give the day
# of the event in the sentence after the first ("… said at the meeting on 27 November").
_LEAD_SENTENCES = 3
# A site's date at crawl time stands years after the newest year its story names.
_CRAWL_YEARS_AFTER = 2
_TIME = re.compile(r"\d\d?[:.]\d\d(?!\d|\.\d)")


@dataclass(frozen=True)
class YearCues:
    completed: tuple[re.Pattern[str], ...]
    comparison: tuple[re.Pattern[str], ...]
    past: re.Pattern[str]
    future: re.Pattern[str]
    last_year: re.Pattern[str]
    this_year: re.Pattern[str]
    current: tuple[re.Pattern[str], ...]
    comparison_before: re.Pattern[str]
    update_label: re.Pattern[str]
    weekday: re.Pattern[str]
    upcoming: re.Pattern[str]


@dataclass(frozen=True)
class YearContext:
    lower: int | None = None  # the article is from this year or later
    pinned: int | None = None  # the article's year, when the text fixes it
    current: int | None = None  # the year of the year-to-date periods the text names: the article's own


def year_cues(resources: Resources) -> YearCues:
    return resources.compile("dating.year_cues", _build_year_cues)


def _build_year_cues(resources: Resources) -> YearCues:
    table = resources.table("date_inference")

    def joined(key: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in table[key].values()))

    return YearCues(
        completed=tuple(re.compile(p) for p in table["completed_year"].values()),
        comparison=tuple(re.compile(p) for p in table["comparison_year"].values()),
        past=joined("past_cue"),
        future=joined("future_cue"),
        last_year=re.compile("|".join(p for patterns in table["last_year"].values() for p in patterns)),
        this_year=re.compile("|".join(p for patterns in table["this_year"].values() for p in patterns)),
        current=tuple(re.compile(p) for patterns in table["current_year"].values() for p in patterns),
        comparison_before=re.compile(table["current_year_not_after"]),
        update_label=joined("update_label"),
        weekday=joined("weekday"),
        upcoming=joined("upcoming_event"),
    )


@step(requires=("spans:DATE", "sentences", "title", "body_start"), assigns=("published", "year"))
def date_document(doc: Document) -> Document:
    if doc.config.published_override is not None:
        doc.published = doc.config.published_override
        doc.year = doc.published.year
        return doc
    years = year_context(doc)
    # Dates the content contradicts are the page's, not the article's: drop them before choosing,
    # and drop those at the top of the page altogether, so that no event takes a site's stamp either.
    lead = doc.lead_sentence()
    top = lead.end if lead else doc.body_start
    doc.spans = [s for s in doc.spans if not _page_date(s, top, years)]
    dates = [d for d in (_as_found(s) for s in doc.spans_of("DATE")) if d is not None and _possible(d.value, years)]
    dates = [d for d in dates if not crawl_date(doc, d) and not yearless_site_date(doc, d, dates)]
    dateline = next((d for d in dates if d.rule.dateline and _in_dateline_reach(doc, d)), None)
    if dateline is None:
        # Without a dateline, a date the lead's own reported day contradicts is the page's stamp.
        lead_end = _lead_end(doc)
        reported = lead_dates(doc, dates, lead_end)
        dates = [d for d in dates if not contradicted_by_lead(doc, d, reported, lead_end)]
    header = updates_last(doc, header_dates(doc, dates))
    page_dates = header + _date_lines_before(doc, dates, dateline)
    header = trusted_header(header, dateline)
    value = article_date(doc, dates, header, dateline)
    doc.published = resolve(value, doc, dates, header, years, page_dates) if value else None
    doc.year = doc.published.year if doc.published else years.pinned
    return doc


def _date_lines_before(doc: Document, dates: list[FoundDate], dateline: FoundDate | None) -> list[FoundDate]:
    """Full dates on a line of their own above the dateline (a page's date line the header step took for
    the body's start)."""
    if dateline is None:
        return []
    return [d for d in dates if d.start < dateline.start and d.value[0] and d.value[2]
            and is_date_line(doc, _line_of(doc.text, d.start))]


def _page_date(span: Span, top: int, years: YearContext) -> bool:
    """A date above `top` (the end of the lead) that the content contradicts: the site's, not the story's."""
    if span.label != "DATE" or span.start >= top:
        return False
    found = _as_found(span)
    return found is not None and not _possible(found.value, years)


def _as_found(span: Span) -> FoundDate | None:
    """A DATE span as a FoundDate, whichever step made it (tuples or datetime.date values)."""
    value = span.value
    if isinstance(value, date):
        value = (value.year, value.month, value.day)
    if not (isinstance(value, tuple) and len(value) == 3 and value[1]):
        return None
    return FoundDate(span.start, span.end, value, DateRule(span.rule, _NEVER, span.rule.startswith("dateline"), 0))


_NEVER = re.compile(r"(?!)")


def header_dates(doc: Document, dates: list[FoundDate]) -> list[FoundDate]:
    """Dated days before the body, those on a date line of their own first (a date in a standfirst is
    an event's), each kind nearest to the headline first."""
    late_start, late_end = _line_under_late_headline(doc)
    candidates = [d for d in dates if (d.end <= doc.body_start or late_start <= d.start < late_end) and d.value[2]]
    title_at = doc.title_start()
    if title_at < 0:
        ordered = candidates[::-1]
    else:
        ordered = [d for d in candidates if d.start >= title_at] + [d for d in candidates if d.start < title_at][::-1]
    return sorted(ordered, key=lambda d: not is_date_line(doc, _line_of(doc.text, d.start)))


def _line_under_late_headline(doc: Document) -> tuple[int, int]:
    """The line right under a headline printed below the lead (meta.headline_under_lead), or an empty range."""
    late = doc.title and doc.title_start() < 0
    title_at = doc.text.find(doc.title, _line_end(doc.text, doc.body_start)) if late else -1
    if title_at < 0:
        return (0, 0)
    next_line = _line_end(doc.text, title_at) + 1
    return next_line, _line_end(doc.text, next_line)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def updates_last(doc: Document, header: list[FoundDate]) -> list[FoundDate]:
    """The header's dates with those a page labels as its last change ("Updated: 09.06.2019") put last:
    the article was published before it was updated, though the update's year still dates a day
    printed without one ("31 December, 15:12 / Updated 02.01.2014")."""
    cues = year_cues(doc.resources)
    return sorted(header, key=lambda h: cues.update_label.search(_text_before_on_line(doc.text, h.start)) is not None)


def _text_before_on_line(text: str, offset: int) -> str:
    return text[text.rfind("\n", 0, offset) + 1 : offset]


def crawl_date(doc: Document, found: FoundDate) -> bool:
    """The site's date at crawl time: a weekday-and-date line without a time ("Sunday, June 17, 2018")
    above the headline, years after the newest year the story names (a story of 2013 under a 2018 date).
    An article's own date line usually carries its time; the site's header, shown on every page, does not."""
    year = found.value[0]
    if year is None or found.start >= _headline_or_body(doc):
        return False
    line = _line_of(doc.text, found.start)
    if _TIME.search(line) or not year_cues(doc.resources).weekday.search(line) or not is_date_line(doc, line):
        return False
    named = [int(y.group()) for y in itertools.islice(_YEAR.finditer(doc.text, doc.body_start), _MAX_YEAR_MENTIONS)]
    return bool(named) and max(named) <= year - _CRAWL_YEARS_AFTER


def yearless_site_date(doc: Document, found: FoundDate, dates: list[FoundDate]) -> bool:
    """'Суббота, 30 ноября 23:18' above the headline, '16 ноября 2010 года, 09:55' under it: a weekday-and-date
    line above the headline that gives no year, where the headline has a full date of another day of its
    own, is the site's date when the page was read."""
    title_at = doc.title_start()
    if found.value[0] is not None or title_at < 0 or found.start >= title_at:
        return False
    line = _line_of(doc.text, found.start)
    if not year_cues(doc.resources).weekday.search(line) or not is_date_line(doc, line):
        return False
    return any(title_at <= d.start < doc.body_start and d.value[0] and d.value[2] and d.value[1:] != found.value[1:]
               for d in dates)


def _headline_or_body(doc: Document) -> int:
    title_at = doc.title_start()
    return title_at if title_at >= 0 else doc.body_start


def contradicted_by_lead(doc: Document, found: FoundDate, reported: list[FoundDate], lead_end: int) -> bool:
    """Whether the lead reports (does not announce) a day without a year that fell more than a month
    before this date in its year ("June 10, Lukashenko held talks" under a stamp of 13 December): news
    is written within days of what it reports, so the date is the page's, not the article's."""
    if found.value[0] is None or found.value[2] is None or found.start >= lead_end:
        return False
    stamp = _date_or_none(*found.value)
    cues = year_cues(doc.resources)
    for day in reported:
        day_then = _date_or_none(found.value[0], day.value[1], day.value[2]) if day.value[0] is None else None
        if stamp and day_then and stamp - day_then > _LEAD_DAY_LAG:
            sentence = doc.sentence_at(day.start)
            clause = sentence.text if sentence else _line_of(doc.text, day.start)
            if not cues.future.search(clause) and not cues.upcoming.search(clause):
                return True
    return False


def _lead_end(doc: Document) -> int:
    """Where the lead paragraph ends: at its first line break, after at most `_LEAD_SENTENCES` sentences."""
    lead = doc.lead_sentence()
    if lead is None:
        return doc.body_start
    body = list(itertools.islice((s for s in doc.sentences if s.end > doc.body_start), _LEAD_SENTENCES))
    paragraph_end = doc.text.find("\n", lead.start)
    paragraph_end = len(doc.text) if paragraph_end < 0 else paragraph_end
    return max(min(body[-1].end, paragraph_end), lead.end, doc.body_start + _LEAD_REACH)


def lead_dates(doc: Document, dates: list[FoundDate], end: int | None = None) -> list[FoundDate]:
    """The dates with a day in the lead paragraph (or within the body's first characters)."""
    lead = doc.lead_sentence()
    if lead is None:
        return []
    end = _lead_end(doc) if end is None else end
    return _between(dates, min(lead.start, doc.body_start), end)


def _between(dates: list[FoundDate], start: int, end: int) -> list[FoundDate]:
    """The dates with a day that begin in [start, end); `dates` are in text order."""
    starts = [d.start for d in dates]
    return [d for d in dates[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)] if d.value[2]]


def _line_of(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1 : end if end >= 0 else len(text)]


def _possible(value: DateValue, years: YearContext) -> bool:
    """Whether the text allows a date to be the article's: not before a year it reports as over,
    not outside the year of its year-to-date figures."""
    year = value[0]
    if year is None:
        return True
    if years.current is not None:
        return year == years.current
    return years.lower is None or year >= years.lower


def trusted_header(header: list[FoundDate], dateline: FoundDate | None) -> list[FoundDate]:
    """Header dates that may be the article's: with a dateline, only those of its day
    (another day in the header is the site's date, not the article's)."""
    if dateline is None:
        return header
    return [h for h in header if h.value[1:] == dateline.value[1:]]


def article_date(
    doc: Document, dates: list[FoundDate], header: list[FoundDate], dateline: FoundDate | None
) -> DateValue | None:
    """The day the article reports: the dateline (dated by a header line of the same day),
    else the header's date, else a date in the lead sentence."""
    if dateline is not None:
        dated = [h for h in header if h.value[0]]
        return dated[0].value if dated and not dateline.value[0] else dateline.value
    if header:
        return header[0].value
    return lead_date(doc, dates) or footer_date(doc, dates)


def footer_date(doc: Document, dates: list[FoundDate]) -> DateValue | None:
    """A full date with a time on a line of its own below the headline ("28.07.2025 11:16" above the
    author's name): many sites print the article's date after its text. Only where it is the page's one
    such line: a list of related stories dates each of its items the same way."""
    lines = [
        d for d in dates
        if d.start >= doc.body_start and d.value[0] and d.value[2]
        and _TIME.search(line := _line_of(doc.text, d.start)) and is_date_line(doc, line)
    ]
    return lines[0].value if len(lines) == 1 else None


def _in_dateline_reach(doc: Document, found: FoundDate) -> bool:
    return doc.body_start <= found.start <= doc.body_start + _DATELINE_REACH


def lead_date(doc: Document, dates: list[FoundDate]) -> DateValue | None:
    """A date with a day in the lead paragraph's first sentences ("… pointed it out at the meeting with
    the Governor on 27 November"), or within the body's first characters ("OREANDA-NEWS. August 26, 2010.
    President ..." puts it in a sentence of its own)."""
    return next((d.value for d in lead_dates(doc, dates)), None)


def resolve(
    value: DateValue, doc: Document, dates: list[FoundDate], header: list[FoundDate], years: YearContext,
    page_dates: list[FoundDate] = (),
) -> date | None:
    """The date of a (year?, month, day) value, finding the year when it is missing. `page_dates`: the
    header's dates, those of another day than the dateline's too."""
    year, month, day = value
    if day is None:
        return None
    if year is None:
        year = (
            same_day_year(dates, month, day, years)
            or header_year(header, month, day)
            or nearby_year(doc, dates, month, day)
            or page_year(page_dates, month, day, years)
            or years.pinned
            or reference_year(doc.config.reference_date, month, day)
        )
    return _date_or_none(year, month, day)


def _date_or_none(year: int | None, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if year else None
    except ValueError:
        return None


def same_day_year(dates: list[FoundDate], month: int, day: int, years: YearContext) -> int | None:
    """The year of a full date for the same day elsewhere in the text."""
    return next(
        (d.value[0] for d in dates if d.value[0] and d.value[1:] == (month, day) and _possible(d.value, years)),
        None,
    )


def nearby_year(doc: Document, dates: list[FoundDate], month: int, day: int) -> int | None:
    """The year of a full date within a month of the day, named in a sentence that names the day too
    ("Resolution No. 81 of 10 February 2020 was posted on 12 February"): the nearest such."""
    best: tuple[timedelta, int] | None = None
    for found in itertools.islice((d for d in dates if d.value == (None, month, day)), _MAX_YEAR_MENTIONS):
        sentence = doc.sentence_at(found.start)
        for anchor in (_full_date(d) for d in (_between(dates, sentence.start, sentence.end) if sentence else [])):
            for year in (anchor.year - 1, anchor.year, anchor.year + 1) if anchor else ():
                guess = _date_or_none(year, month, day)
                gap = abs(guess - anchor) if guess else None
                if gap is not None and gap <= _NEARBY_DAYS and (best is None or gap < best[0]):
                    best = (gap, year)
    return best[1] if best else None


def _full_date(found: FoundDate) -> date | None:
    return _date_or_none(*found.value) if found.value[0] and found.value[2] else None


def header_year(header: list[FoundDate], month: int, day: int) -> int | None:
    """The year of the nearest full header date, moved by one across a new year."""
    full = next((h.value for h in header if h.value[0]), None)
    if full is None:
        return None
    anchor = _date_or_none(*full)
    guess = _date_or_none(full[0], month, day)
    if anchor is None or guess is None:
        return full[0]
    if guess - anchor > _HALF_YEAR:
        return full[0] - 1
    return full[0] + 1 if anchor - guess > _HALF_YEAR else full[0]


def page_year(page_dates: list[FoundDate], month: int, day: int, years: YearContext) -> int | None:
    """'20 December 2011' above 'VITEBSK, 19 December (BelTA)': a page's full date a few days after a day
    printed without a year dates that day (news is posted within days of its dateline). A date further
    away, like a site's date at crawl time, says nothing of its year."""
    for found in page_dates:
        anchor = _full_date(found) if _possible(found.value, years) else None
        guess = _date_or_none(anchor.year, month, day) if anchor else None
        if guess and timedelta(0) <= anchor - guess <= _PAGE_DAYS:
            return anchor.year
    return None


def reference_year(reference: date | None, month: int, day: int) -> int | None:
    """The reference date's year, or the year before when the day would come after it."""
    if reference is None:
        return None
    guess = _date_or_none(reference.year, month, day)
    return reference.year - 1 if guess and guess > reference else reference.year


def year_context(doc: Document) -> YearContext:
    """What the text says of its own year: past years bound it from below, and
    'last year' alongside them pins it to the year after the latest of them."""
    cues = year_cues(doc.resources)
    current_at = current_years(doc, cues)
    lower: int | None = None
    upper: int | None = None
    reported: set[int] = set()
    for year, sentence, comparison in year_mentions(doc, cues, set(current_at)):
        if cues.future.search(sentence):
            upper = year if upper is None else min(upper, year)
        elif cues.past.search(sentence):
            back = 2 if comparison and cues.last_year.search(sentence.lower()) else 1
            lower = max(lower or 0, year + back)
            reported.add(year)
    # "Trade is set to total $27.5 billion in 2010 … in 2010 thirty firms were registered": a year both
    # forecast and reported on is under way, the article's own (a December review of its year).
    if upper is not None and lower == upper + 1 and upper in reported:
        return YearContext(lower=upper, pinned=upper, current=upper)
    current = max(current_at.values(), default=None)
    if current is not None and (lower is None or lower <= current):
        return YearContext(lower=lower, pinned=current, current=current)
    says_last_year = lower is not None and cues.last_year.search(doc.lower_text()) is not None
    if says_last_year and (upper is None or lower <= upper):
        return YearContext(lower=lower, pinned=lower)
    # "In 2019 trade will stay at $1 billion … this year it will be lower": the forecast's year is the
    # article's own, as no year it reports as over comes after it.
    forecast_now = upper is not None and (lower is None or lower <= upper)
    if forecast_now and cues.this_year.search(doc.lower_text()):
        return YearContext(lower=lower, pinned=upper)
    return YearContext(lower=lower)


def current_years(doc: Document, cues: YearCues) -> dict[int, int]:
    """{offset: year} of each year named as the article's own year ("January–April 2017"), but those a
    comparison names as its base. The patterns run only around four-digit years: cheap, as years are rare."""
    found: dict[int, int] = {}
    text = doc.text
    for year in itertools.islice(_YEAR.finditer(text), _MAX_YEAR_MENTIONS):
        lo, hi = max(0, year.start() - _CURRENT_BEFORE), min(len(text), year.end() + _CURRENT_AFTER)
        for pattern in cues.current:
            m = next((m for m in pattern.finditer(text, lo, hi) if m.start("y") == year.start()), None)
            if m and not cues.comparison_before.search(text, max(0, m.start() - _YEAR_WINDOW), m.start()):
                found[year.start()] = int(year.group())
                break
    return found


def year_mentions(doc: Document, cues: YearCues, skip: set[int]) -> Iterator[tuple[int, str, bool]]:
    """(year, its sentence, whether it is a comparison base) for each year named as a period,
    but those at `skip` (the years of year-to-date periods: not over yet).

    The phrase patterns run only in a window around each four-digit year: cheap, as years are rare."""
    starts = [s.start for s in doc.sentences]
    for year in itertools.islice(_YEAR.finditer(doc.text), _MAX_YEAR_MENTIONS):
        if year.start() in skip:
            continue
        window = (max(0, year.start() - _YEAR_WINDOW), min(len(doc.text), year.end() + _YEAR_WINDOW))
        for comparison, patterns in ((False, cues.completed), (True, cues.comparison)):
            if any(m.start("y") == year.start() for p in patterns for m in p.finditer(doc.text, *window)):
                yield int(year.group()), _sentence_text(doc, starts, year.start()), comparison


def _sentence_text(doc: Document, starts: list[int], offset: int) -> str:
    """The part of the sentence around `offset` that can speak of its year: a past or future verb farther
    away ("… BelTA has learned from the committee" after "cooperation in 2024") is another clause's."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < doc.sentences[i].end:
        start, end = doc.sentences[i].start, doc.sentences[i].end
    else:
        start = doc.text.rfind("\n", 0, offset) + 1
        end = doc.text.find("\n", offset)
        end = end if end >= 0 else len(doc.text)
    return doc.text[max(start, offset - _CUE_REACH) : min(end, offset + _CUE_REACH)]
