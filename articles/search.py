"""Searching the articles' title and text: one rule for the API's `?q=` and the dashboard's articles page.

On PostgreSQL the search reads the stored, GIN-indexed `search_vector` column (articles migration 0007), made
with the 'russian' configuration, which stems Cyrillic words by Russian rules and Latin-script words by English
ones: «сотрудничество» finds «сотрудничества», "tractor" finds "tractors". The query is parsed with the same
configuration (a query stemmed otherwise would miss the column's lexemes), websearch-style: every word, "quoted
phrases", -not. On the embedded SQLite there is no column: every word must appear, as a substring, in the title
or the text.

Highlights follow the same split: PostgreSQL's ts_headline over a page's rows (never the whole table), a short
excerpt around the first match elsewhere. Both come back as plain segments, marked or not, for the template to
escape one by one: nothing in an article becomes markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace

from articles.models import Article, StoredSearchVector

CONFIG = "russian"  # the column's configuration (migration 0007); the query's must be the same
MAX_WORDS = 10  # of a fallback search: each word is one more scan of the text
# ts_headline marks its matches with these private-use characters, taken out of the text before it runs so that
# no article can fake a mark. (Its parser also drops what looks like an HTML tag from the passage it returns.)
START, STOP = "\ue000", "\ue001"
# Up to two passages of 12-28 words each; a page of 50 rows stays short.
HEADLINE_OPTIONS = {"max_fragments": 2, "max_words": 28, "min_words": 12, "short_word": 2, "fragment_delimiter": " … "}
EXCERPT_AROUND = 110  # characters of the fallback's excerpt each side of the first match


def full_text() -> bool:
    return connection.vendor == "postgresql"


def text_search(qs, fields: list[str], value: str):
    """Every word in one of the fields, case-insensitive for any alphabet.

    SQLite's LIKE folds only ASCII case, so there the words go through Django's
    Python REGEXP instead (slower, but the embedded default is small).
    """
    sqlite = connection.vendor == "sqlite"
    for word in value.split()[:MAX_WORDS]:
        lookup, term = ("iregex", re.escape(word)) if sqlite else ("icontains", word)
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__{lookup}": term})
        qs = qs.filter(any_field)
    return qs


def search_query(words: str) -> SearchQuery:
    return SearchQuery(words, config=CONFIG, search_type="websearch")


def matching(qs: QuerySet[Article], words: str) -> QuerySet[Article]:
    """The articles whose title or text has every word (PostgreSQL: stemmed, through the index)."""
    if not words.strip():
        return qs
    if full_text():
        return qs.alias(search=StoredSearchVector()).filter(search=search_query(words))
    return text_search(qs, ["title", "text"], words)


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool = False


def snippets(ids: list[int], words: str) -> dict[int, list[Piece]]:
    """Each article's matches in context, as pieces (marked or not): one query for the given articles only."""
    if not ids or not words.strip():
        return {}
    if full_text():
        # The markers taken out of the text first: only ts_headline's own can then be read as marks.
        text = Replace(Replace("text", Value(START), Value("")), Value(STOP), Value(""))
        headline = SearchHeadline(text, search_query(words), config=CONFIG, start_sel=START, stop_sel=STOP,
                                  **HEADLINE_OPTIONS)
        rows = Article.objects.filter(pk__in=ids).annotate(snippet=headline).values_list("pk", "snippet")
        return {pk: pieces(snippet or "") for pk, snippet in rows}
    texts = Article.objects.filter(pk__in=ids).values_list("pk", "text")
    return {pk: excerpt(text or "", words) for pk, text in texts}


def pieces(headline: str) -> list[Piece]:
    """ts_headline's text split at its marks."""
    found, at = [], 0
    for match in re.finditer(f"{START}([^{START}{STOP}]*){STOP}", headline):
        found += [Piece(_plain(headline[at:match.start()])), Piece(match.group(1), marked=True)]
        at = match.end()
    found.append(Piece(_plain(headline[at:])))
    return [piece for piece in found if piece.text]


def _plain(text: str) -> str:
    return text.replace(START, "").replace(STOP, "")


def excerpt(text: str, words: str) -> list[Piece]:
    """Around the first place any of the words stands (any case), the words marked; the start of the text when
    none does (a match in the title only)."""
    terms = [re.escape(word.strip('"')) for word in words.split()[:MAX_WORDS] if word.strip('"')]
    pattern = re.compile("|".join(terms), re.IGNORECASE) if terms else None
    first = pattern.search(text) if pattern else None
    centre = first.start() if first else 0
    start, end = max(0, centre - EXCERPT_AROUND), min(len(text), centre + EXCERPT_AROUND)
    window = text[start:end]
    found, at = [], 0
    for match in pattern.finditer(window) if pattern else ():
        found += [Piece(window[at:match.start()]), Piece(match.group(), marked=True)]
        at = match.end()
    found.append(Piece(window[at:]))
    ellipsis_before, ellipsis_after = ("… " if start else ""), (" …" if end < len(text) else "")
    found = [Piece(ellipsis_before), *found, Piece(ellipsis_after)]
    return [piece for piece in found if piece.text]
