"""Run the pipeline over files and print the contract's JSON.

`manage.py extract` wraps `main`; `python -m articles.extraction.cli PATH...`
runs it without Django, which is handy when working on the rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from articles.extraction.output import error_object, to_contract
from articles.extraction.pipeline import StepFailed, extract
from articles.extraction.resources import load_resources


def region_names() -> dict[str, str]:
    gazetteer = load_resources().table("regions")["regions"]
    return {r["code"]: r["en"][0] for r in gazetteer if r.get("en")}


def extract_path(path: str, names: dict[str, str]) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return error_object(path, f"cannot read file: {exc.strerror or exc}")
    try:
        return to_contract(extract(raw, source=path), names)
    except StepFailed as exc:
        return error_object(path, str(exc))


def extract_paths(paths: list[str]) -> list[dict]:
    names = region_names()
    return [extract_path(p, names) for p in paths]


def main(argv: list[str] | None = None) -> int:
    paths = list(sys.argv[1:] if argv is None else argv)
    results = extract_paths(paths)
    json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if any(r.get("error") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
