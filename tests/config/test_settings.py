"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env as s
from tests.conftest import ROOT


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "reader, value",
    [
        pytest.param(lambda: s.env_bool("X_TEST_VAR", True), "maybe", id="bool"),
        pytest.param(lambda: s.env_int("X_TEST_VAR", 1), "five", id="int"),
        pytest.param(lambda: s.env_int("X_TEST_VAR", 1, minimum=1), "0", id="int-below-minimum"),
        pytest.param(lambda: s.database_from_env("X_TEST_VAR", ""), "mysql://x/y", id="database-scheme"),
        pytest.param(lambda: s.broker_from_env("X_TEST_VAR"), "kafka://x", id="broker-scheme"),
    ],
)
def test_a_bad_value_names_the_variable(monkeypatch, reader, value):
    monkeypatch.setenv("X_TEST_VAR", value)
    with pytest.raises(ImproperlyConfigured, match="X_TEST_VAR"):
        reader()


def test_it_reads_lists_and_booleans(monkeypatch):
    monkeypatch.setenv("X_TEST_VAR", "a.example, b.example,")
    assert s.env_list("X_TEST_VAR", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_TEST_VAR", "off")
    assert s.env_bool("X_TEST_VAR", True) is False


def test_start_up_fails_naming_a_bad_database_url():
    result = run_manage("check", DATABASE_URL="mysql://nowhere/db")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_needs_a_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="x" * 30 + "-production-secret-for-the-test-9f3", ALLOWED_HOSTS="belregions.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
