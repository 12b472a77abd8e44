"""Rules and name lists, loaded from `data/` once per process.

Steps never open files themselves: they read `Resources.tables[name]`, and
keep what they compile from a table in `Resources.compiled` so that the work
is done once per process, not once per article.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, eq=False)
class Resources:
    tables: dict[str, Any]
    compiled: dict[str, Any] = field(default_factory=dict)

    def table(self, name: str) -> Any:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no data table {name!r} in {sorted(self.tables)}") from None

    def compile(self, key: str, build):
        """Return `build(self)` computed once per process for `key`."""
        if key not in self.compiled:
            self.compiled[key] = build(self)
        return self.compiled[key]


@functools.cache
def load_resources(data_dir: Path = DATA_DIR) -> Resources:
    tables = {}
    for path in sorted(Path(data_dir).glob("*.json")):
        with path.open(encoding="utf-8") as f:
            tables[path.stem] = json.load(f)
    return Resources(tables=tables)
