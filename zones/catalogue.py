"""Matching the 2018 zone catalogue (《中国开发区审核公告目录》) to the zones of GB/T 37028-2018.

Pure Python, no Django: `data/rebuild.py` runs it offline to write `data/zones.csv` and
`data/catalogue_match_report.csv`; nothing at request time needs it.

A catalogue row is matched only when exactly one GB/T 37028 zone of the same province and the same approval
level (国务院 = national, 省政府 = provincial) qualifies, first by the exact name, then by a normalised name.
Normalising removes what the two lists spell differently without changing which zone is meant:
- province prefixes ("江苏赣榆经济开发区" / "赣榆经济开发区") and "国家级";
- "高新技术产业园区" / "高新技术产业开发区" (the catalogue's provincial high-tech suffix);
- characters the PDF extraction of GB/T 37028 got wrong, seen in pairs such as 信阳 / 现阳, 朝阳 / 前阳 and
  涿州 / 逐州 (`GBT_MISREADS`), and the catalogue's own typo 湽博 (`CATALOGUE_TYPOS`).
Anything else is left unmatched and written to the report with its nearest candidates, never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

# Characters GB/T 37028's extracted text has in place of the real ones (its 现阳 is 信阳, 前阳 is 朝阳, 逐鹿
# is 涿鹿). Replaced in GB/T names only for comparison; the stored name stays as the standard prints it.
GBT_MISREADS = {"现": "信", "前": "朝", "逐": "涿"}
CATALOGUE_TYPOS = {"湽": "淄"}
# Whole names the extraction garbled beyond one character: 河北县县经济开发区 (no place is called 县县) is
# 河北献县经济开发区 of the catalogue (献县, Cangzhou).
GBT_NAME_MISREADS = {"河北县县经济开发区": "河北献县经济开发区"}

# The catalogue code's type digit (G/S + 2-digit province + digit + number) and the GB/T 37028 types it
# may stand for.
CATALOGUE_TYPES = {
    "1": ("101",),
    "2": ("103",),
    "3": ("104",),
    "5": ("105", "106"),
    "6": ("199",),
    "7": ("201",),
    "8": ("202",),
    "9": ("299",),
}

# GB/T 37028 types that the catalogue does not list at all (new areas, FTZs, demonstration zones, ...).
TYPES_NOT_IN_CATALOGUE = {"102", "107", "108", "109", "110", "111"}

SUFFIX_EQUIVALENTS = (("高新技术产业园区", "高新技术产业开发区"),)


def _province_stems(province_names) -> list[str]:
    stems = set()
    for name in province_names:
        stems.add(name)
        short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", name)
        stems.add(short)
    return sorted(stems, key=len, reverse=True)


def normalise(name: str, stems: list[str], table: dict[str, str]) -> str:
    """The name without province prefix, 国家级 and suffix variants, after replacing known misreadings."""
    if table is GBT_MISREADS:
        name = GBT_NAME_MISREADS.get(name, name)
    text = "".join(table.get(ch, ch) for ch in name.strip())
    text = text.replace("国家级", "")
    for stem in stems:
        if text.startswith(stem) and len(text) > len(stem) + 3:
            text = text[len(stem) :]
            break
    for variant, canonical in SUFFIX_EQUIVALENTS:
        if text.endswith(variant):
            text = text[: -len(variant)] + canonical
    return text


KIND_WORDS = re.compile(
    r"(国家级|经济技术开发区|高新技术产业开发区|高新技术产业园区|经济开发区|工业园区|工业集中区|出口加工区|"
    r"综合保税区|保税港区|保税区|开发区|园区)"
)


def _similar(a: str, b: str) -> bool:
    """Whether two normalised names share most of their place words (kind words left out)."""
    a, b = KIND_WORDS.sub("", a), KIND_WORDS.sub("", b)
    return bool(a and b) and difflib.SequenceMatcher(None, a, b).ratio() > 0.5


@dataclass
class Match:
    catalogue: dict
    zone: dict | None = None
    method: str = ""  # "exact" | "normalised" | "" (not matched)
    status: str = ""  # "matched" | "ambiguous" | "doubtful" | "unmatched"
    candidates: list[str] = field(default_factory=list)
    note: str = ""


def match_catalogue(
    catalogue: list[dict], registry: list[dict], province_names: dict[str, str]
) -> list[Match]:
    """One Match per catalogue row (in file order).

    `catalogue` rows carry the catalogue's columns (代码, 开发区名称, 省份, 批准级别); `registry` rows carry
    GB/T
    37028's (efz_code, name, province_code, type_code, level); `province_names` maps NBS province names to
    their 2-digit codes.
    """
    stems = _province_stems(province_names)
    level_of = {"国务院": "national", "省政府": "provincial"}
    pool = defaultdict(list)  # (province, level) -> GB/T rows
    for zone in registry:
        pool[(zone["province_code"], zone["level"])].append(zone)
    by_exact = defaultdict(list)
    for zone in registry:
        by_exact[zone["name"]].append(zone)

    results = [Match(catalogue=row) for row in catalogue]
    taken: set[str] = set()
    # Exact names first over the whole file, so a normalised match can never take a row another catalogue
    # entry names exactly.
    for result in results:
        row = result.catalogue
        province = province_names.get(row["省份"], "")
        hits = by_exact.get(row["开发区名称"], [])
        same = [z for z in hits if z["province_code"] == province and z["level"] == level_of[row["批准级别"]]]
        if len(same) == 1:
            result.zone, result.method, result.status = same[0], "exact", "matched"
            taken.add(same[0]["efz_code"])
        elif len(same) > 1:
            result.status = "ambiguous"
            result.candidates = [f"{z['efz_code']} {z['name']}" for z in same]
            result.note = "the name occurs more than once in GB/T 37028"
        elif hits:
            result.status = "doubtful"
            result.candidates = [f"{z['efz_code']} {z['name']} ({z['province_name']})" for z in hits]
            result.note = "GB/T 37028 has this name in another province or at another level"
    for result in results:
        if result.status:
            continue
        row = result.catalogue
        province = province_names.get(row["省份"], "")
        types = CATALOGUE_TYPES.get(row["代码"][3], ())
        pool_rows = [
            z
            for z in pool[(province, level_of[row["批准级别"]])]
            if z["efz_code"] not in taken and z["type_code"] in types
        ]
        key = normalise(row["开发区名称"], stems, CATALOGUE_TYPOS)
        same = [z for z in pool_rows if normalise(z["name"], stems, GBT_MISREADS) == key]
        if len(same) == 1:
            result.zone, result.method, result.status = same[0], "normalised", "matched"
            taken.add(same[0]["efz_code"])
            continue
        # Any zone of the province, at either level: a catalogue row that resembles one of them must not
        # become a zone of its own (it may be the same zone, upgraded or renamed after the catalogue).
        province_rows = pool[(province, "national")] + pool[(province, "provincial")]
        other_level = [z for z in province_rows if normalise(z["name"], stems, GBT_MISREADS) == key]
        close = other_level + [
            z for z in province_rows if _similar(key, normalise(z["name"], stems, GBT_MISREADS))
        ]
        result.candidates = list(dict.fromkeys(f"{z['efz_code']} {z['name']}" for z in close))
        if len(same) > 1:
            result.status, result.note = "ambiguous", "several GB/T 37028 zones have the same normalised name"
        elif other_level:
            result.status = "doubtful"
            result.note = (
                "GB/T 37028 has this name at the other level (upgraded after the catalogue?); not matched"
            )
        elif close:
            result.status, result.note = "doubtful", "similar GB/T 37028 names exist; not matched"
        else:
            result.status = "unmatched"
            result.note = "no GB/T 37028 zone of this province is similar: added as a zone of its own"
    return results


def unmatched_registry(results: list[Match], registry: list[dict]) -> list[dict]:
    """GB/T 37028 rows no catalogue row matched, each with a reason."""
    matched = {r.zone["efz_code"] for r in results if r.zone}
    rows = []
    for zone in registry:
        if zone["efz_code"] in matched:
            continue
        if zone["type_code"] in TYPES_NOT_IN_CATALOGUE:
            note = "the catalogue does not list this type of zone"
        else:
            note = "no catalogue row matched (renamed, merged, approved after 2018 or spelled differently)"
        rows.append({**zone, "note": note})
    return rows


def parse_month(text: str) -> list[str]:
    """'2000.04/2002.12' → ['2000-04', '2002-12']; '1992.4' → ['1992-04']."""
    months = []
    for part in text.split("/"):
        part = part.strip()
        if re.fullmatch(r"\d{4}\.\d{1,2}", part):
            year, month = part.split(".")
            months.append(f"{year}-{int(month):02d}")
        elif re.fullmatch(r"\d{4}", part):
            months.append(part)
    return months


def split_industries(text: str) -> list[str]:
    """The catalogue's 、-separated leading industries, as worded there."""
    return [w.strip() for w in re.split(r"[、，,;；]", text) if w.strip()]


# The catalogue's geocode precision (AMap match level) values whose point names a place inside a zone
# rather than a whole county, city or province; 未知 (unknown) is not trusted.
FINE_GEOCODE_LEVELS = {"住宅区", "兴趣点", "村庄", "乡镇", "公交地铁站点", "道路"}


def sound_point(row: dict, province_name: str) -> bool:
    """Whether the catalogue's point may be shown as the zone's location.

    Sound means: no quality flag (province mismatch, shared or coarse point), the point falls in the zone's
    own province, and the geocode matched a place finer than a county.
    """
    return point_basis(row, province_name) == "catalogue"


def point_basis(row: dict, province_name: str) -> str:
    """'catalogue' (a point inside the zone), 'county' (the centre of the county-level unit the geocoder
    found for the zone's name) or '' (the point is flagged, coarse, unknown or in another province)."""
    if row.get("geocode_flag") or not row.get("经度_WGS84") or row.get("坐标所在省份") != province_name:
        return ""
    level = row.get("地理编码精度", "")
    if level in FINE_GEOCODE_LEVELS:
        return "catalogue"
    return "county" if level == "区县" else ""
