"""The finder's groups by map cell, so an address with a place and nothing else
(find/?near=Chicago) shows the nearest groups before docs.json (2.7 MB gzip at 50,000 listings)
is here: it fetches only the cells around the place.

Written under `api/finder/near/` (theme/assets/finder-first.js `showNearPage` reads them):

- `cells.json`: {"degrees": CELL_DEGREES, "total": the number of records in docs.json,
  "cells": [[south, west, groups], ...]}: every cell of CELL_DEGREES by CELL_DEGREES degrees
  (latitude and longitude rounded down to a multiple of it) that holds a group with a place (`g`),
  and how many;
- `<south>_<west>.json`: those groups, {"refs": [...], "docs": [...], "rules": [...]}, in
  docs.json's order: `refs` are their positions in docs.json (what the finder sorts ties by), the
  records are docs.json's, with `e` counting in the file's own `rules` (as in api/finder/records/).

The browser orders cells by a lower bound of their distance from the place (the distance to the
cell's centre less CELL_REACH_KM, more than any point of the cell is from its centre) and loads
them until no cell left could hold a group nearer than the 20th nearest it has: the same 20 groups,
in the same order, as sorting all of docs.json by distance (tests/test_finder_near_cells_browser.py).
At 50,000 fictional listings a 1-degree cell holds at most ~480 groups (~30 KB gzip).
"""

from __future__ import annotations

import json
import math
from typing import Any

from generator.build.products import per_value
from generator.finder.shards import records_of

NEAR_FOLDER = "api/finder/near/"
CELL_DEGREES = 1


def cell_of(latitude: float, longitude: float) -> tuple[int, int]:
    """The south-west corner of the cell that holds a position, in degrees."""
    return math.floor(latitude / CELL_DEGREES) * CELL_DEGREES, math.floor(longitude / CELL_DEGREES) * CELL_DEGREES


def _compact(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def near_files(records: dict[str, Any]) -> dict[str, bytes]:
    """cells.json and one file per cell (see the module docstring)."""
    cells: dict[tuple[int, int], list[int]] = {}
    for ref, doc in enumerate(records["docs"]):
        if "g" in doc:
            cells.setdefault(cell_of(*doc["g"]), []).append(ref)
    ordered = sorted(cells.items())
    files = {NEAR_FOLDER + "cells.json": _compact({
        "degrees": CELL_DEGREES, "total": len(records["docs"]),
        "cells": [[south, west, len(refs)] for (south, west), refs in ordered],
    })}
    for (south, west), refs in ordered:
        path = f"{NEAR_FOLDER}{south}_{west}.json"
        files[path] = per_value(path, {"refs": refs, **records_of(records, refs)}, _compact)  # while serving, kept if the same
    return files
