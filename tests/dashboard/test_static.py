"""Offline: every asset is the project's own, plotly.js is the recorded partial bundle, no template names a CDN."""

import hashlib
import re

from django.contrib.staticfiles import finders

from tests.conftest import ROOT

STATIC = ROOT / "static"
GEOJSON_SHA256 = "72f4b012ecad60300f589febccf583331f8dd3f1653ad38ca1a613bf459e3a6b"  # /work/shared/geo/README.md
PLOTLY_BUNDLE_SHA256 = "0239a8cc935f8515bc650d654f0dd4e28488a15a39743841fd568ad5c01fe0b9"
BUILD_SCRIPT = ROOT / "scripts" / "build_plotly_bundle.sh"
STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']""")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_the_shipped_plotly_bundle_is_the_one_the_build_script_records():
    """static/vendor/plotly/plotly-belregions.min.js is what scripts/build_plotly_bundle.sh builds, byte for byte."""
    shipped = (STATIC / "vendor" / "plotly" / "plotly-belregions.min.js").read_bytes()
    recorded = re.search(r"^EXPECTED_SHA256=([0-9a-f]{64})$", BUILD_SCRIPT.read_text(), re.M).group(1)
    assert hashlib.sha256(shipped).hexdigest() == recorded == PLOTLY_BUNDLE_SHA256, \
        "rebuild with scripts/build_plotly_bundle.sh and record its sha256 there, here and in the vendor README"
    assert PLOTLY_BUNDLE_SHA256 in (STATIC / "vendor" / "plotly" / "README.md").read_text()


def test_every_static_file_a_template_names_is_there():
    named = {name for path in (ROOT / "templates").rglob("*.html") for name in STATIC_TAG.findall(path.read_text())}
    assert "vendor/plotly/plotly-belregions.min.js" in named and "js/dashboard.js" in named
    assert sorted(name for name in named if not finders.find(name)) == []  # ours, or an app's (the admin's CSS)


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
