"""schemathesis against the live schema: no 5xx, every response as the schema says.

A real server (pytest-django's live_server, on PostgreSQL in CI) with the
test world and an editor's token, so that the write endpoints are exercised
too; schemathesis's CLI runs its checks (all of them by default) against /api/v1/schema/ with a fixed
seed and a bounded number of examples per operation (SCHEMATHESIS_EXAMPLES,
default 5; set it higher for a deeper run), in three parts of the operations run side by side, so that
it takes a few minutes at most. The one exception is in
tests/api/schemathesis.toml, with its reason.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from rest_framework.authtoken.models import Token

from tests.conftest import ROOT

CONFIG = Path(__file__).with_name("schemathesis.toml")
CLI = [sys.executable, "-m", "schemathesis.cli"]


# The operations in three parts, each its own test, so that the suite's processes share them (one run of all 43
# operations was the suite's longest test by far, seven minutes on two cores). Together they cover every operation.
GROUPS = "^/api/v1/(facts|articles|agreements|meetings)"
PARTS = {
    "facts": ["--include-path-regex", "^/api/v1/facts/"],
    "articles-agreements-meetings": ["--include-path-regex", "^/api/v1/(articles|agreements|meetings)"],
    "the-rest": ["--exclude-path-regex", GROUPS],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("part", list(PARTS))
def test_schemathesis_finds_no_failure(live_server, world, editor, settings, tmp_path, part):
    unlimited = dict.fromkeys(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/second")
    settings.REST_FRAMEWORK = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": unlimited}
    token = Token.objects.create(user=editor).key
    command = [
        *CLI, "--no-color", "--config-file", str(CONFIG), "run", f"{live_server.url}/api/v1/schema/",
        "--max-examples", os.environ.get("SCHEMATHESIS_EXAMPLES", "5"),
        "--seed", os.environ.get("SCHEMATHESIS_SEED", "20261123"), "--workers", "1",
        "--header", f"Authorization: Token {token}", "--request-timeout", "30", *PARTS[part],
    ]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    cases = re.search(r"^\s*(\d+) generated, (\d+) passed.*$", result.stdout, re.M)
    closing = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    # The summary (phases, what each passed or skipped, the test-case counts): docs/api.md records it.
    summary = result.stdout[result.stdout.rfind("SUMMARY") :] if "SUMMARY" in result.stdout else ""
    print(summary[-4000:] or result.stdout[-2000:], closing, sep="\n")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-2000:]
    assert cases and int(cases.group(1)) > 250, result.stdout[-3000:]
    assert "failure" not in result.stdout.strip().splitlines()[-1]


def test_the_config_it_runs_with_is_the_repositorys():
    assert CONFIG.is_relative_to(ROOT) and "positive_data_acceptance" in CONFIG.read_text()
