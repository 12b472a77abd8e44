"""Shared test set-up.

Tests that need PostgreSQL, a broker or a browser are skipped with the
reason on a user's machine when that is missing; in CI (CI=true) the same
situation fails instead, so a green CI means they ran.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must not skip: {reason}")
    pytest.skip(reason)


def uses_database(request) -> bool:
    names = set(request.fixturenames)
    return bool(request.node.get_closest_marker("django_db")) or bool(names & {"db", "transactional_db"})


@pytest.fixture(autouse=True)
def celery_in_process(request):
    """Run tasks in-process in database tests, unless a test asks for the real broker."""
    if not uses_database(request):
        yield None
        return
    from belregions.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = eager


@pytest.fixture
def seed_bytes():
    return {path.name: path.read_bytes() for path in SEEDS}
