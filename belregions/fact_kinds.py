"""The six kinds of fact an article has, in the order editors see them.

One registry: the review page, the admin, the API and the services take the
fact models, their names and their order from here instead of listing them.
A new kind of fact is a model in `belregions.models` and a line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import UniqueConstraint
from django.utils.translation import gettext_lazy as _

from belregions.models import (
    Agreement,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Fact,
    MeetingSource,
    TradeFigure,
)


@dataclass(frozen=True)
class FactKind:
    model: type[Fact]
    title: str  # as the review page heads its facts: "Trade figures" (translated when shown)
    slug: str  # in the API's paths and an article's facts: "trade-figures"
    related: tuple[str, ...] = ()  # what a row's label reads besides the row (select_related)
    links: tuple[str, ...] = ()  # its many-to-many fields, which its label and fingerprint read (prefetch_related)

    @property
    def name(self) -> str:
        """The model's name: `FactChange.fact_type`, the admin's URL names and the permissions' codenames."""
        return self.model._meta.model_name

    @property
    def slot(self) -> str | None:
        """The field besides the article that makes a fact one of a kind on an article (its unique constraint)."""
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, UniqueConstraint):
                return next(name for name in constraint.fields if name != "article")
        return None


FACT_KINDS: tuple[FactKind, ...] = (
    FactKind(ArticleRegion, _("Regions"), "regions", ("region",)),
    FactKind(ArticlePerson, _("People"), "people", ("person", "region")),
    FactKind(MeetingSource, _("Meetings"), "meetings", ("meeting",)),
    FactKind(TradeFigure, _("Trade figures"), "trade-figures", ("region", "by_region")),
    FactKind(ArticleSector, _("Sectors"), "sectors", ("sector",)),
    FactKind(Agreement, _("What was agreed"), "agreements", ("meeting",), ("regions", "sectors")),
)
FACT_MODELS: tuple[type[Fact], ...] = tuple(kind.model for kind in FACT_KINDS)

_BY_NAME = {kind.name: kind for kind in FACT_KINDS}
_BY_SLUG = {kind.slug: kind for kind in FACT_KINDS}
_BY_MODEL = {kind.model: kind for kind in FACT_KINDS}


def by_name(name: str) -> FactKind | None:
    """The kind whose model is called `name` (a FactChange's fact_type, an admin URL's part), or None."""
    return _BY_NAME.get(name)


def by_slug(slug: str) -> FactKind:
    return _BY_SLUG[slug]


def of(fact: Fact | type[Fact]) -> FactKind:
    return _BY_MODEL[fact if isinstance(fact, type) else type(fact)]
