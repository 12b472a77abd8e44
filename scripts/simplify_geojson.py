#!/usr/bin/env python3
"""Simplify the map's boundaries for the browser: static/geo/regions.geojson -> regions.simplified.geojson.

The overview's map (dashboard/charts.py `trade_map`) draws all of Russia, Kaliningrad to Chukotka, in a frame
about 1,100 × 460 px: one pixel is some 0.07° of latitude there, so the source's 0.008° detail (42,815
positions, 709 KB) is mostly invisible weight. This keeps the shapes as they read at that size:

1. Islands: a region's polygon parts smaller than `--min-island-km2` and bordering no other region are dropped,
   never its largest part, so every one of the 90 regions stays on the map (and an exclave, such as Moscow's
   Zelenograd, still fills its hole in the oblast around it).
2. Shared borders: the rings are cut into arcs at every junction (a vertex where the regions on either side
   change), and each arc is simplified once (Douglas–Peucker, `--tolerance` in degrees, longitude scaled by
   the cosine of the latitude), so two neighbours keep one identical border: no slivers or gaps between them,
   and Moscow and Minsk still fill their holes in the oblasts around them.
3. Every arc keeps its farthest point, so no ring collapses; a ring keeps its winding (d3-geo's: exteriors
   clockwise, static/geo/README.md).

Coordinates stay the source's (3 decimals, about 100 m): a simplification keeps a subset of the points.
Pure Python, no dependency. Run it after changing the source file; `--check` writes nothing and exits 1 when
the simplified file is not what the source gives (tests/dashboard/test_map_boundaries.py runs it so):

    .venv/bin/python scripts/simplify_geojson.py [--check]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "geo" / "regions.geojson"
TARGET = ROOT / "static" / "geo" / "regions.simplified.geojson"
TOLERANCE = 0.04  # degrees: about half a pixel on the overview's map (0.075° a pixel at 1,100 px wide)
MIN_ISLAND_KM2 = 300.0  # about 17 km across: a pixel or two on the map
KM_PER_DEGREE = 111.2

Point = tuple[float, float]
Ring = list[Point]


def ring_area_km2(ring: Ring) -> float:
    """The ring's signed area (shoelace, longitude scaled by the cosine of its mean latitude); < 0: clockwise."""
    scale = math.cos(math.radians(sum(y for _x, y in ring) / len(ring))) * KM_PER_DEGREE * KM_PER_DEGREE
    twice = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
    return twice / 2 * scale


def polygons_of(geometry: dict) -> list[list[Ring]]:
    parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[[(x, y) for x, y in ring] for ring in polygon] for polygon in parts]


def without_islands(polygons: list[list[Ring]], min_km2: float, borders: set) -> list[list[Ring]]:
    """The parts at least `min_km2` large, those on a border with another region (an edge in `borders`), and the
    largest whatever its size."""
    areas = [abs(ring_area_km2(polygon[0])) for polygon in polygons]
    largest = areas.index(max(areas))
    return [polygon for i, (polygon, area) in enumerate(zip(polygons, areas, strict=True))
            if i == largest or area >= min_km2 or any(edge(a, b) in borders for a, b in pairs(polygon[0]))]


def pairs(ring: Ring) -> list[tuple[Point, Point]]:
    return list(zip(ring, ring[1:], strict=False))


def borders_between_regions(regions: list[list[list[Ring]]]) -> set[tuple[Point, Point]]:
    """The edges that two regions share."""
    seen: dict[tuple[Point, Point], int] = {}
    shared = set()
    for number, polygons in enumerate(regions):
        for ring in (ring for polygon in polygons for ring in polygon):
            for a, b in pairs(ring):
                if seen.setdefault(edge(a, b), number) != number:
                    shared.add(edge(a, b))
    return shared


def edge(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


def junctions(rings: list[Ring]) -> set[Point]:
    """The vertices where the rings that share the edge before differ from those that share the edge after."""
    owners: dict[tuple[Point, Point], set[int]] = {}
    for number, ring in enumerate(rings):
        for a, b in zip(ring, ring[1:], strict=False):
            owners.setdefault(edge(a, b), set()).add(number)
    found = set()
    for ring in rings:
        closing = [ring[-2], *ring]  # the edge into the first vertex is the ring's last
        for before, at, after in zip(closing, closing[1:], closing[2:], strict=False):
            if owners[edge(before, at)] != owners[edge(at, after)]:
                found.add(at)
    return found


def distance(p: Point, a: Point, b: Point) -> float:
    """From p to the segment a–b, in degrees of latitude (longitude scaled by the cosine of the latitude)."""
    scale = math.cos(math.radians((a[1] + b[1]) / 2))
    px, ax, bx = p[0] * scale, a[0] * scale, b[0] * scale
    dx, dy = bx - ax, b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(px - (ax + t * dx), p[1] - (a[1] + t * dy))


def douglas_peucker(line: list[Point], tolerance: float) -> list[Point]:
    """The line's points that lie farther than `tolerance` from the simplified line, its ends, and its farthest
    point (so that a closed arc or a ring of two arcs never collapses to a segment)."""
    keep = {0, len(line) - 1}
    stack = [(0, len(line) - 1, True)]
    while stack:
        first, last, forced = stack.pop()
        if last - first < 2:
            continue
        far, far_at = max((distance(line[i], line[first], line[last]), i) for i in range(first + 1, last))
        if forced or far > tolerance:
            keep.add(far_at)
            stack += [(first, far_at, False), (far_at, last, False)]
    return [line[i] for i in sorted(keep)]


class Arcs:
    """Each arc simplified once, whichever ring and direction it is met in."""

    def __init__(self, tolerance: float):
        self.tolerance = tolerance
        self.done: dict[tuple[Point, ...], list[Point]] = {}

    def simplified(self, arc: list[Point]) -> list[Point]:
        forward, backward = tuple(arc), tuple(reversed(arc))
        key = min(forward, backward)
        if key not in self.done:
            self.done[key] = douglas_peucker(list(key), self.tolerance)
        line = self.done[key]
        return line if key == forward else line[::-1]


def simplify_ring(ring: Ring, cuts: set[Point], arcs: Arcs) -> Ring:
    points = ring[:-1]
    starts = [i for i, point in enumerate(points) if point in cuts]
    if not starts:  # an island or a city in its hole, bordered by one neighbour: one closed arc
        start = points.index(min(points))
        rotated = points[start:] + points[:start]
        return _closed(arcs.simplified([*rotated, rotated[0]]), ring)
    rotated = points[starts[0]:] + points[:starts[0]] + [points[starts[0]]]
    offsets = [i - starts[0] for i in starts] + [len(points)]
    out: Ring = []
    for begin, end in zip(offsets, offsets[1:], strict=False):
        out += arcs.simplified(rotated[begin:end + 1])[:-1]
    return _closed(out + [out[0]], ring)


def _closed(ring: Ring, source: Ring) -> Ring:
    """The simplified ring, unless simplifying wound it the other way round or left it a line: then the source."""
    if len(set(ring)) < 3 or (ring_area_km2(ring) < 0) != (ring_area_km2(source) < 0):
        return source
    return ring


def simplify(collection: dict, tolerance: float = TOLERANCE, min_island_km2: float = MIN_ISLAND_KM2) -> dict:
    regions = [polygons_of(feature["geometry"]) for feature in collection["features"]]
    borders = borders_between_regions(regions)
    kept = [without_islands(polygons, min_island_km2, borders) for polygons in regions]
    cuts = junctions([ring for polygons in kept for polygon in polygons for ring in polygon])
    arcs = Arcs(tolerance)
    features = []
    for feature, polygons in zip(collection["features"], kept, strict=True):
        parts = [[[list(p) for p in simplify_ring(ring, cuts, arcs)] for ring in polygon] for polygon in polygons]
        geometry = ({"type": "Polygon", "coordinates": parts[0]} if len(parts) == 1
                    else {"type": "MultiPolygon", "coordinates": parts})
        features.append({**feature, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def positions(collection: dict) -> int:
    return sum(len(ring) for feature in collection["features"] for polygon in polygons_of(feature["geometry"])
               for ring in polygon)


def encoded(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="degrees (default %(default)s)")
    parser.add_argument("--min-island-km2", type=float, default=MIN_ISLAND_KM2)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is out of date")
    args = parser.parse_args()
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    simplified = simplify(source, args.tolerance, args.min_island_km2)
    text = encoded(simplified)
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        print("up to date" if current == text else f"{TARGET.name} is out of date: run {Path(__file__).name}")
        return 0 if current == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(text.encode()):,} bytes, {positions(simplified):,} positions "
          f"(the source: {positions(source):,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
