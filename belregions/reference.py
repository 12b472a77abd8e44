"""Load the reference data files (regions, sectors) into the database.

Called by a data migration, so a fresh database always has the 98 regions
and 24 sectors; safe to run again (rows are updated in place).
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split_variants(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def load_regions(Region) -> int:
    rows = read_csv("regions.csv")
    # Districts first: subjects point at them.
    rows.sort(key=lambda r: r["kind"] != "federal_district")
    for row in rows:
        Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_en": row["name_en"], "name_ru": row["name_ru"], "kind": row["kind"],
                "country": row["country"], "district_id": row["district"] or None,
                "latitude": float(row["lat"]), "longitude": float(row["lon"]),
                "variants_en": split_variants(row["variants_en"]),
                "variants_ru": split_variants(row["variants_ru"]),
            },
        )
    return len(rows)


def load_sectors(Sector) -> int:
    rows = read_csv("sectors.csv")
    for row in rows:
        fields = {k: row[k] for k in ("name_en", "name_ru", "signals")}
        Sector.objects.update_or_create(slug=row["slug"], defaults=fields)
    return len(rows)
