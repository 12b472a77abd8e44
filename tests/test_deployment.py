"""The deployment files say what the README promises."""

import os
import re
import subprocess
import sys

import yaml

from tests.conftest import ROOT

SETTINGS_READERS = re.compile(r'env_(?:str|bool|int|list)\("([A-Z_]+)"|_from_env\("([A-Z_]+)"')


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_four_services_with_health_checks():
    services = compose()["services"]
    assert {"db", "redis", "web", "worker"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:")
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name


def test_web_and_worker_share_database_and_broker():
    services = compose()["services"]
    web, worker = services["web"]["environment"], services["worker"]["environment"]
    assert web["DATABASE_URL"] == worker["DATABASE_URL"]
    assert web["DATABASE_URL"].startswith("postgres://") and "@db:" in web["DATABASE_URL"]
    assert web["CELERY_BROKER_URL"] == worker["CELERY_BROKER_URL"]
    assert web["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "belregions", "worker"]


def test_the_database_lives_in_a_named_volume():
    spec = compose()
    assert "pgdata" in spec["volumes"]
    assert any(v.startswith("pgdata:") for v in spec["services"]["db"]["volumes"])


def test_every_setting_read_from_the_environment_is_documented():
    source = (ROOT / "belregions" / "settings.py").read_text()
    names = {a or b for a, b in SETTINGS_READERS.findall(source)}
    readme = (ROOT / "README.md").read_text()
    assert len(names) > 10
    undocumented = sorted(n for n in names if f"`{n}`" not in readme)
    assert undocumented == []


def test_the_embedded_default_migrates_and_parses_the_demo(tmp_path):
    """Nothing set: SQLite in VAR_DIR, tasks in-process; the demo ends parsed."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CI")}
    env["VAR_DIR"] = str(tmp_path)

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    assert manage("migrate", "--noinput").returncode == 0
    result = manage("seed_demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("status parsed") == 5, result.stdout
    assert (tmp_path / "belregions.sqlite3").exists()
