"""Fixtures for the articles tests: an editor's client, the reference data, and real workers and brokers
(tests/articles/workers.py)."""

import pytest
from django.contrib.auth import get_user_model

from belregions.models import Region, Sector
from belregions.reference import load_regions, load_sectors
from tests.articles.workers import own_redis, start_worker  # noqa: F401 - fixtures for every test here


def is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test's flush empties every table, the migration's regions and sectors too: load them again."""
    if not is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    if not Region.objects.exists():
        load_regions(Region)
        load_sectors(Sector)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "e@example.com", "pw-for-tests-123")


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client
