"""API test set-up: users with and without the editor role, and a small world of facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Status
from belregions import read_cache
from belregions.models import (
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Origin,
    Person,
    Review,
    TradeFigure,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_caches(settings):
    """Throttle counters and cached pages live in per-process caches: each test starts with none.

    The data version is read on every request, since tests write behind the API's back.
    """
    settings.API_CACHE_VERSION_SECONDS = 0
    read_cache.forget_version()
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", password="pw-for-tests-123")
    user.groups.add(Group.objects.get(name="editors"))
    return user


@pytest.fixture
def editor_client(editor):
    return token_client(editor)


@pytest.fixture
def reader_client(db):
    """Signed in with a token, but not an editor."""
    return token_client(get_user_model().objects.create_user("reader", password="pw-for-tests-123"))


@pytest.fixture
def anon_client():
    return APIClient()


def make_article(n: int, **fields) -> Article:
    raw = f"article {n}".encode()
    defaults = {"title": f"Article {n}", "status": Status.PARSED, "language": "en",
                "published": date(2020, 1, 1 + n % 28), "text": f"Text of article {n}."}
    return Article.objects.create(raw=raw, sha256=Article.checksum(raw), **{**defaults, **fields})


def trade(article, region, year, amount, *, flow="turnover", currency="USD", **fields) -> TradeFigure:
    return TradeFigure.objects.create(
        article=article, region_id=region, period_start=date(year, 1, 1), period_end=date(year, 12, 31),
        amount=Decimal(amount), currency=currency, flow=flow, fingerprint=f"t{article.pk}-{region}-{year}-{flow}",
        evidence=f"Trade with {region} was {amount} {currency} in {year}.", **fields,
    )


@pytest.fixture
def world(db):
    """Three parsed articles about Moscow, Saint Petersburg and Omsk, with their facts."""
    moscow = make_article(1, title="Lukashenko meets Moscow mayor", text="Belarus and Moscow agreed on tractors.")
    spb = make_article(2, title="Trade with Saint Petersburg", text="Trade with Saint Petersburg grew.", language="en")
    omsk = make_article(3, title="Омская область и Беларусь", text="Товарооборот с Омской областью вырос.",
                        language="ru", published=date(2021, 3, 5))
    ArticleRegion.objects.create(article=moscow, region_id="RU-MOW", fingerprint="r1")
    ArticleRegion.objects.create(article=spb, region_id="RU-SPE", fingerprint="r2")
    ArticleRegion.objects.create(article=omsk, region_id="RU-OMS", fingerprint="r3")
    ArticleRegion.objects.create(article=omsk, region_id="RU-MOW", fingerprint="r4", review=Review.REJECTED)
    ArticleSector.objects.create(article=moscow, sector_id="machinery", fingerprint="s1")
    ArticleSector.objects.create(article=omsk, sector_id="agriculture", fingerprint="s2")
    lukashenko = Person.objects.create(name="Alexander Lukashenko", key="lukashenko a", role="President")
    sobyanin = Person.objects.create(name="Sergei Sobyanin", key="sobyanin s", role="Mayor", region_id="RU-MOW")
    ArticlePerson.objects.create(article=moscow, person=lukashenko, fingerprint="p1")
    ArticlePerson.objects.create(article=moscow, person=sobyanin, fingerprint="p2")
    meeting = Meeting.objects.create(date=date(2020, 1, 1), kind="meeting")
    meeting.participants.set([lukashenko, sobyanin])
    meeting.regions.set(["RU-MOW"])
    MeetingSource.objects.create(article=moscow, meeting=meeting, fingerprint="m1")
    unreported = Meeting.objects.create(date=date(2020, 2, 2), kind="visit")
    MeetingSource.objects.create(article=spb, meeting=unreported, fingerprint="m2", review=Review.REJECTED)
    figures = [
        trade(moscow, "RU-MOW", 2019, "1200000000.00"),
        trade(moscow, "RU-MOW", 2019, "400000000.00", flow="export"),
        trade(spb, "RU-SPE", 2019, "900000000.00"),
        trade(spb, "RU-SPE", 2020, "950000000.00", origin=Origin.EDITOR, review=Review.ADDED),
        trade(omsk, "RU-OMS", 2020, "20000000000.00", currency="RUB"),
        trade(omsk, None, 2020, "35000000000.00", flow="turnover"),
        trade(omsk, "RU-OMS", 2018, "5.00", review=Review.REJECTED),
    ]
    return {"articles": [moscow, spb, omsk], "people": [lukashenko, sobyanin], "meeting": meeting,
            "hidden_meeting": unreported, "trade": figures}
