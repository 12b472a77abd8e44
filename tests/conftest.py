"""Shared test set-up.

Tests that need PostgreSQL, a broker or a browser are skipped with the
reason on a user's machine when that is missing; in CI (CI=true) the same
situation fails instead, so a green CI means they ran.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed (bench/ measures speed): with hypothesis's default 200 ms
# deadline, an example that meets a busy machine (the suite shares two cores with its workers, servers
# and browsers) fails as DeadlineExceeded.
settings.register_profile("belregions", deadline=None)
settings.load_profile("belregions")

ROOT = Path(__file__).resolve().parent.parent

# The suite's longest tests (seconds in CI, roughly), started first: xdist's worksteal hands each process a
# contiguous share of the collection, and a long test collected last (schemathesis and the deployment test sort
# late) runs alone while the other processes idle. Each goes to the head of a process's share, the longest to the
# least loaded (a longest-first packing), so the run ends when the short tests run out. Only order changes.
LONGEST_FIRST = {
    "tests/api/test_schemathesis.py::test_schemathesis_finds_no_failure": 140,
    "tests/test_deployment.py::test_the_by_hand_steps_run_as_written_and_serve_production": 110,
    "tests/api/test_export.py::test_a_100k_row_export_streams_in_bounded_memory": 60,
    "tests/api/test_docs_accessibility.py::test_the_docs_pass_axe_and_the_keyboard_walk[redoc": 40,
    "tests/articles/test_admin_accessibility.py::test_the_editors_pages_pass_axe_and_the_keyboard_walk": 20,
    "tests/articles/extraction/test_robustness.py::test_huge_inputs": 20,
    "tests/articles/test_worker_recovery.py::": 15,
    "tests/belregions/test_migrations.py::test_a_database_with_the_former_api_indexes_ends_with_the_owners": 15,
    "tests/test_deployment.py::test_the_embedded_default_migrates_and_parses_the_demo": 12,
}


def expected_seconds(item) -> int:
    return next((seconds for prefix, seconds in LONGEST_FIRST.items() if item.nodeid.startswith(prefix)), 0)


def pytest_collection_modifyitems(config, items):
    processes = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))  # set in each xdist process
    if processes < 2:
        return
    longest = sorted((item for item in items if expected_seconds(item)), key=expected_seconds, reverse=True)
    rest = [item for item in items if not expected_seconds(item)]
    heads, load = [[] for _ in range(processes)], [0] * processes
    for item in longest:
        share = load.index(min(load))
        heads[share].append(item)
        load[share] += expected_seconds(item)
    # The shares as worksteal cuts them: len // processes, then what is left over the rest, in order.
    ordered, left = [], len(items)
    for share in range(processes):
        size = left // (processes - share)
        filler = size - len(heads[share])
        ordered += heads[share] + rest[:max(filler, 0)]
        rest = rest[max(filler, 0):]
        left -= size
    items[:] = ordered + rest
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must not skip: {reason}")
    pytest.skip(reason)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (no browser download): skipped with the reason when missing."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed: pip install -r requirements.txt")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made here are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def uses_database(request) -> bool:
    names = set(request.fixturenames)
    return bool(request.node.get_closest_marker("django_db")) or bool(names & {"db", "transactional_db"})


@pytest.fixture(autouse=True)
def celery_in_process(request):
    """Run tasks in-process in database tests, unless a test asks for the real broker."""
    if not uses_database(request):
        yield None
        return
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def english_after_each_test():
    """LocaleMiddleware leaves the last request's language active in the test's thread: a /ru/ request must
    not make a later test's selectors or messages Russian."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def seed_bytes():
    return {path.name: path.read_bytes() for path in SEEDS}


def used_transactional_db(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(names & {"transactional_db", "live_server"})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by flushing every table, the data migrations' rows too.

    Run those data migrations again after the flush (the 98 regions, 24 sectors, the
    editors group), so that every later test sees the database as `migrate` left it.
    """
    yield
    if not used_transactional_db(item):
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    # A test skipped before its database was set up leaves Django on the real database: leave that alone.
    if "test" not in str(connection.settings_dict["NAME"]):
        return
    with item.config.stash[blocking_manager_key].unblock():
        restore_data_migrations()


def restore_data_migrations() -> None:
    """What the data migrations wrote: reference data and the editors group."""
    import importlib

    from django.apps import apps

    from articles import editors
    from belregions.models import Region

    if Region.objects.exists():
        return
    importlib.import_module("belregions.migrations.0002_reference_data").load(apps, None)
    # The flush re-ran post_migrate, which makes the group again; applying it once more costs nothing.
    editors.apply()
