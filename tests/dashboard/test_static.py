"""Offline: every asset is the project's own, plotly.js is the installed package's, no template names a CDN."""

import hashlib
import re
from pathlib import Path

import plotly

from tests.conftest import ROOT

STATIC = ROOT / "static"
GEOJSON_SHA256 = "72f4b012ecad60300f589febccf583331f8dd3f1653ad38ca1a613bf459e3a6b"  # /work/shared/geo/README.md
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_the_shipped_plotly_js_is_the_installed_packages():
    shipped = (STATIC / "vendor" / "plotly" / "plotly.min.js").read_bytes()
    installed = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == hashlib.sha256(installed).hexdigest(), \
        "plotly was upgraded: copy package_data/plotly.min.js to static/vendor/plotly/ (see its README)"


def test_the_map_boundaries_are_the_shared_file_with_their_attribution():
    data = (STATIC / "geo" / "regions.geojson").read_bytes()
    assert hashlib.sha256(data).hexdigest() == GEOJSON_SHA256
    assert "Natural Earth" in (STATIC / "geo" / "ATTRIBUTION.md").read_text()


def test_no_template_or_script_loads_anything_from_another_host():
    files = [*(ROOT / "templates").rglob("*.html"), *STATIC.rglob("*.js"), *STATIC.rglob("*.css")]
    files = [f for f in files if "vendor" not in f.parts]
    assert len(files) >= 5
    for path in files:
        text = path.read_text()
        assert not EXTERNAL.search(text), path
        assert "@import" not in text and "url(http" not in text, path
