"""Fixtures for the articles tests: an editor's client, the reference data, and real workers and brokers
(tests/articles/workers.py)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

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
    """An editor as `create_editor` makes one: staff, in the editors group, never a superuser."""
    call_command("create_editor", "editor", "--password", "pw-for-tests-123", "--email", "e@example.com",
                 stdout=io.StringIO())
    user = get_user_model().objects.get(username="editor")
    assert not user.is_superuser
    return user


@pytest.fixture
def staff_client(client, editor):
    """The editor's browser session: every editor task in the admin is tested with it."""
    client.force_login(editor)
    return client
