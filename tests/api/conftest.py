"""API test set-up: users with and without the editor role, and a small world of facts (tests/factories.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from belregions import read_cache
from belregions.models import Origin, Review
from tests import factories as make


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


@pytest.fixture
def world(db):
    """Three parsed articles about Moscow, Saint Petersburg and Omsk, with their facts."""
    moscow = make.article("Lukashenko meets Moscow mayor", "Belarus and Moscow agreed on tractors.", date(2020, 1, 2))
    spb = make.article("Trade with Saint Petersburg", "Trade with Saint Petersburg grew.", date(2020, 1, 3))
    omsk = make.article("Омская область и Беларусь", "Товарооборот с Омской областью вырос.", date(2021, 3, 5),
                        language="ru")
    make.mention(moscow, "RU-MOW", fingerprint="r1")
    make.mention(spb, "RU-SPE", fingerprint="r2")
    make.mention(omsk, "RU-OMS", fingerprint="r3")
    make.mention(omsk, "RU-MOW", fingerprint="r4", review=Review.REJECTED)
    make.sector(moscow, "machinery", fingerprint="s1")
    make.sector(omsk, "agriculture", fingerprint="s2")
    lukashenko = make.person("Alexander Lukashenko", role="President", key="lukashenko a")
    sobyanin = make.person("Sergei Sobyanin", "RU-MOW", "Mayor", key="sobyanin s")
    make.named(moscow, lukashenko, fingerprint="p1")
    make.named(moscow, sobyanin, fingerprint="p2")
    meeting = make.meeting(moscow, date(2020, 1, 1), ["RU-MOW"], [lukashenko, sobyanin], fingerprint="m1")
    unreported = make.meeting(spb, date(2020, 2, 2), kind="visit", fingerprint="m2", review=Review.REJECTED)
    figures = [
        make.figure(moscow, "RU-MOW", 2019, "1200000000.00"),
        make.figure(moscow, "RU-MOW", 2019, "400000000.00", flow="export"),
        make.figure(spb, "RU-SPE", 2019, "900000000.00"),
        make.figure(spb, "RU-SPE", 2020, "950000000.00", origin=Origin.EDITOR, review=Review.ADDED),
        make.figure(omsk, "RU-OMS", 2020, "20000000000.00", currency="RUB"),
        make.figure(omsk, None, 2020, "35000000000.00", flow="turnover"),
        make.figure(omsk, "RU-OMS", 2018, "5.00", review=Review.REJECTED),
    ]
    return {"articles": [moscow, spb, omsk], "people": [lukashenko, sobyanin], "meeting": meeting,
            "hidden_meeting": unreported, "trade": figures}
