"""The map's simplified boundaries (issue 17, item 8): static/geo/regions.simplified.geojson, written by
scripts/simplify_geojson.py from the shared regions.geojson, is what the map fetches; it keeps every region, its
shape and its neighbours' borders, at a fraction of the weight. (That the map still draws all of Russia from it,
in Chromium: tests/dashboard/test_page_weight.py.)"""

from __future__ import annotations

import csv
import importlib.util
import json

import pytest

from tests.conftest import ROOT

GEO = ROOT / "static" / "geo"
SIZE_BOUND = 250_000  # bytes: the source is 709,056
spec = importlib.util.spec_from_file_location("simplify_geojson", ROOT / "scripts" / "simplify_geojson.py")
simplify_geojson = importlib.util.module_from_spec(spec)
spec.loader.exec_module(simplify_geojson)


@pytest.fixture(scope="module")
def source() -> dict:
    return json.loads((GEO / "regions.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def simplified() -> dict:
    return json.loads((GEO / "regions.simplified.geojson").read_text(encoding="utf-8"))


def rings(feature: dict) -> list[list[tuple[float, float]]]:
    return [ring for polygon in simplify_geojson.polygons_of(feature["geometry"]) for ring in polygon]


def area_km2(feature: dict) -> float:
    """Its parts' area less their holes'."""
    return sum(abs(simplify_geojson.ring_area_km2(polygon[0]))
               - sum(abs(simplify_geojson.ring_area_km2(hole)) for hole in polygon[1:])
               for polygon in simplify_geojson.polygons_of(feature["geometry"]))


def test_it_is_what_the_script_makes_of_the_source(source):
    made = simplify_geojson.encoded(simplify_geojson.simplify(source))
    assert made == (GEO / "regions.simplified.geojson").read_text(encoding="utf-8"), \
        "run .venv/bin/python scripts/simplify_geojson.py"


def test_every_region_of_the_map_is_there_once(simplified):
    with (ROOT / "belregions" / "data" / "regions.csv").open(encoding="utf-8") as rows:
        codes = {row["code"] for row in csv.DictReader(rows) if row["kind"] != "federal_district"}
    found = [feature["properties"]["code"] for feature in simplified["features"]]
    assert sorted(found) == sorted(codes) and len(found) == 90
    assert all(feature["id"] == feature["properties"]["code"] and feature["properties"]["name_ru"]
               for feature in simplified["features"])


def test_it_is_valid_geojson_with_closed_rings_wound_as_plotly_needs(simplified):
    assert simplified["type"] == "FeatureCollection"
    for feature in simplified["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        for polygon in simplify_geojson.polygons_of(feature["geometry"]):
            for number, ring in enumerate(polygon):
                assert ring[0] == ring[-1] and len(set(ring)) >= 3, feature["id"]
                assert all(-180 <= x <= 180 and 40 <= y <= 82 for x, y in ring), feature["id"]
                clockwise = simplify_geojson.ring_area_km2(ring) < 0
                assert clockwise == (number == 0), f"{feature['id']}: exteriors clockwise, holes not (d3-geo)"


def test_it_is_a_fraction_of_the_source_and_keeps_every_regions_shape(source, simplified):
    size = (GEO / "regions.simplified.geojson").stat().st_size
    assert size < SIZE_BOUND and size < (GEO / "regions.geojson").stat().st_size / 3
    before = {feature["id"]: area_km2(feature) for feature in source["features"]}
    for feature in simplified["features"]:
        # Moscow, some 0.6° across (a few pixels on the map), moves most: 8 %; the large regions, 3 % at most.
        assert area_km2(feature) == pytest.approx(before[feature["id"]], rel=0.1), feature["id"]
        if before[feature["id"]] > 100_000:
            assert area_km2(feature) == pytest.approx(before[feature["id"]], rel=0.03), feature["id"]


def test_neighbours_keep_one_border(simplified):
    """Minsk fills its hole in Minsk Region, and Moscow's exclaves theirs in Moscow Oblast, point for point."""
    by_code = {feature["id"]: feature for feature in simplified["features"]}
    for city, around in (("RU-MOW", "RU-MOS"), ("BY-HM", "BY-MI")):
        outlines = [set(ring) for ring in rings(by_code[city])]
        holes = [set(ring) for polygon in simplify_geojson.polygons_of(by_code[around]["geometry"])
                 for ring in polygon[1:]]
        assert holes and all(hole in outlines for hole in holes), city
    shared = set(rings(by_code["RU-NVS"])[0]) & set(rings(by_code["RU-OMS"])[0])
    assert len(shared) >= 3  # their common border, the same points on both sides


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        pytest.param([(0, 0), (1, 0.01), (2, 0), (3, 0.01), (4, 0)], [(0, 0), (3, 0.01), (4, 0)],
                     id="a-nearly-straight-line-keeps-its-ends-and-farthest-point"),
        pytest.param([(0, 0), (1, 0.01), (2, 1), (3, 0.01), (4, 0)], [(0, 0), (1, 0.01), (2, 1), (3, 0.01), (4, 0)],
                     id="a-peak-keeps-its-shape"),
    ],
)
def test_douglas_peucker(line, kept):
    assert simplify_geojson.douglas_peucker(line, 0.05) == kept
