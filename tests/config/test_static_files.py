"""Static files as production serves them (issue 17, item 8): collected with DEBUG off into hashed names, each with
a gzip and a brotli copy, and served by whitenoise under gunicorn compressed as the browser asks, cached for a
year; the map's boundaries among them, under the hashed name the pages give plotly."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import subprocess
import sys
import time

import brotli
import pytest

from tests.conftest import ROOT
from tests.test_deployment import free_port

# What every chart page loads, and the overview's map.
SERVED = ["vendor/plotly/plotly-belregions.min.js", "js/dashboard.js", "js/menu.js", "css/belregions.css",
          "geo/regions.simplified.geojson"]
TYPES = {".js": "text/javascript", ".css": "text/css", ".geojson": "application/geo+json"}


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """collectstatic and gunicorn with DEBUG off, their files and database in a folder of their own."""
    folder = tmp_path_factory.mktemp("static-production")
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "static-test-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "VAR_DIR": str(folder), "STATIC_ROOT": str(folder / "static"),
           "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "config.settings"}
    for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen([ROOT / ".venv" / "bin" / "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
                               "-w", "1", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(150):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("HEAD", "/static/")
                break
            except OSError:
                time.sleep(0.2)
        yield {"port": port, "root": folder / "static", "env": env,
               "manifest": json.loads((folder / "static" / "staticfiles.json").read_text())["paths"]}
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(port: int, path: str, encoding: str | None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


@pytest.mark.parametrize("name", SERVED)
@pytest.mark.parametrize(("encoding", "decode"), [
    pytest.param("br", brotli.decompress, id="brotli"),
    pytest.param("gzip", gzip.decompress, id="gzip"),
    pytest.param(None, lambda body: body, id="identity"),
])
def test_a_collected_file_is_served_compressed_as_asked_and_cached_for_a_year(production, name, encoding, decode):
    hashed = production["manifest"][name]
    assert hashed != name  # a hashed name: a new version is a new address
    assert not (production["root"] / name).exists()  # only the hashed copy is kept (and compressed)
    original = (ROOT / "static" / name).read_bytes()
    status, headers, body = fetch(production["port"], f"/static/{hashed}", encoding)
    assert status == 200
    assert headers.get("content-encoding") == encoding
    assert decode(body) == original
    if encoding:
        assert len(body) < 0.5 * len(original), f"{name}: {len(body)} of {len(original)} bytes"
    assert "max-age=315360000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    assert headers["content-type"].startswith(TYPES[os.path.splitext(name)[1]])
    assert "Accept-Encoding" in headers.get("vary", "")


def test_brotli_is_smaller_than_gzip_for_the_plotly_bundle(production):
    hashed = production["manifest"]["vendor/plotly/plotly-belregions.min.js"]
    sizes = {encoding: len(fetch(production["port"], f"/static/{hashed}", encoding)[2]) for encoding in ("br", "gzip")}
    assert sizes["br"] < 0.9 * sizes["gzip"], sizes


def test_the_map_is_given_its_boundaries_under_the_hashed_name(production):
    """What the overview's view hands plotly (`static()`, as `{% static %}` does): the cached, hashed file."""
    script = ("from dashboard.views import GEOJSON; from django.templatetags.static import static; "
              "print(static(GEOJSON))")
    # --no-imports: Django's shell otherwise prints how many objects it imported before the script's output.
    shown = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", script], cwd=ROOT,
                           env=production["env"], capture_output=True, text=True, check=True,
                           timeout=120).stdout.strip()
    assert shown == "/static/" + production["manifest"]["geo/regions.simplified.geojson"]
