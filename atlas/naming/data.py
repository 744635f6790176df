"""The word lists of name derivation, kept as data beside this module (UTF-8 CSV, one entry a row):

* ``provinces.csv``: English names of the province-level divisions by NBS full name. Municipalities
  and regions use their conventional English names; 西藏 gets both the conventional and the pinyin form.
* ``glossary.csv``: kind words and other recurring terms of zone names (GB/T 37028-2018 and the State
  Council lists), grouped by what they are. Longest match wins, so order does not matter.
* ``pinyin_overrides.csv``: polyphones pypinyin gets wrong in place names (checked against the
  official romanisations), as space-separated toneless syllables.
* ``place_overrides.csv``: places whose conventional English name is not their pinyin (mostly
  non-Han names).

Edit the CSV files, not this module; the tests in tests/atlas/test_naming.py pin real names.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _table(file_name: str, value: str) -> dict[str, str]:
    with (HERE / file_name).open(encoding="utf-8", newline="") as handle:
        return {row["name_zh"]: row[value] for row in csv.DictReader(handle)}


PROVINCES_EN = _table("provinces.csv", "name_en")
GLOSSARY = _table("glossary.csv", "name_en")
PINYIN_OVERRIDES = _table("pinyin_overrides.csv", "pinyin")
PLACE_OVERRIDES = _table("place_overrides.csv", "name_en")
