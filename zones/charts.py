"""What the maps and charts of the zone pages draw, as plain data for ``json_script``.

Each function returns the numbers of one chart; the page renders the same numbers as a table beside
the chart (for readers without JavaScript or with a screen reader), and static/js/atlas-charts.js
draws them. Locations: a zone's point is sound only when it is the 2018 catalogue's geocode of the zone
itself (``location_basis`` "catalogue"); otherwise it is the centre of the zone's county, prefecture or
province (``location_approximate``; see data/SOURCES.md). Every point says which it is: the maps draw
sound and approximate points apart (approximate ones hollow), group zones that share a point, group
sound points that lie close together (``DENSE_GRID``), and the captions count both kinds.
"""

from collections import OrderedDict

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Zone, ZoneStatistic

FIRST_YEAR = 1984  # the first national ETDZs were approved in 1984


APPROXIMATE_NOTE = _(
    "Approximate: no source we hold gives these zones' own positions; the point is the centre of their "
    "county, prefecture or province."
)
SOUND_NOTE = _("The zone's own point: the 2018 catalogue's geocode of the zone.")
# What a point's precision is, per location basis (a point says which it is; the tooltip and the table
# show it). A zone without a basis is only known to be approximate or not.
PRECISION = {
    "catalogue": SOUND_NOTE,
    "county": _("Approximate: the centre of the zone's county."),
    "prefecture": _("Approximate: the centre of the zone's prefecture."),
    "province": _("Approximate: the centre of the zone's province."),
    "": APPROXIMATE_NOTE,
}
LEGEND = {"sound": _("Zone's own point"), "approximate": _("Approximate (centre of a place)")}
# Sound points closer than a grid cell (degrees of longitude and latitude) would be drawn on top of each
# other, so they become one point with their count: a coarse cell on a map of many zones (the country),
# a fine one on a small list (a province), where points further apart stay apart.
DENSE_GRID = ((300, 0.5), (0, 0.1))  # (at least this many sound points, cell size)
GROUPED_NOTE = _("Zones with their own points within about %(km)s km of each other, drawn as one point.")


def _dense_cell(zones) -> float:
    sound = sum(
        1 for zone in zones if zone.get("location_basis") == "catalogue" and zone["longitude"] is not None
    )
    return next(cell for least, cell in DENSE_GRID if sound >= least)


def map_data(zones, link_params=None, focus="") -> dict:
    """The points map of a zone list (filtered list, province page), with its caveat: how many zones
    have a sound point and how many only an approximate one, by basis."""
    zones = list(zones)
    points = zone_points(zones, link_params)
    provinces = {zone["province__code"] for zone in zones}
    by_basis: dict[str, int] = {}
    for point in points:
        if point["approximate"]:
            by_basis[point["basis"]] = by_basis.get(point["basis"], 0) + point["n"]
    return {
        "points": points,
        # A list within one province is drawn on that province's outline, as its page is.
        "focus": focus or (provinces.pop() if len(provinces) == 1 else ""),
        "zones": sum(p["n"] for p in points),
        "sound": sum(p["n"] for p in points if not p["approximate"]),
        "approximate": sum(p["n"] for p in points if p["approximate"]),
        "approximate_by_basis": by_basis,
        "approximate_note": str(APPROXIMATE_NOTE),
        "legend": {key: str(label) for key, label in LEGEND.items()},
    }


def province_regions(provinces) -> list[dict]:
    """Choropleth regions: provinces (with ``zone_count``) keyed by their 2-digit NBS code."""
    return [
        {
            "code": province.code,
            "name": province.name_en,
            "name_zh": province.name_zh,
            "value": province.zone_count,
            "url": province.get_absolute_url(),
        }
        for province in provinces
    ]


def zone_points(zones, link_params=None) -> list[dict]:
    """Map points: zones sharing a point become one point with their count; each point links to the
    zones list filtered to its prefecture (or province) plus ``link_params``. ``zones`` are rows of
    ``Zone.objects.for_map()``. Zones of different location bases never share a point: a sound point
    and a place's centre that happen to coincide stay two, each saying what it is."""
    groups: OrderedDict = OrderedDict()
    zones = list(zones)
    cell = _dense_cell(zones)
    for zone in zones:
        if zone["longitude"] is None or zone["latitude"] is None:
            continue
        basis = zone.get("location_basis") or ""
        approximate = basis != "catalogue" and (bool(basis) or zone["location_approximate"])
        if approximate:  # a place's centre: the zones that share it
            key = (round(zone["longitude"], 4), round(zone["latitude"], 4), basis, approximate)
        else:  # own points: the zones in the same grid cell
            key = (round(zone["longitude"] / cell), round(zone["latitude"] / cell), basis, approximate)
        group = groups.setdefault(
            key,
            {
                "lon": zone["longitude"],
                "lat": zone["latitude"],
                "n": 0,
                "approximate": approximate,
                "basis": basis,
                "precision": str(
                    PRECISION[basis] if approximate or basis else _("The point as the source gives it.")
                ),
                "place": zone["prefecture__name_en"] or zone["province__name_en"],
                "place_zh": zone["prefecture__name_zh"] or zone["province__name_zh"],
                "names": [],
                "filter": _place_filter(zone),
            },
        )
        group["n"] += 1
        group.setdefault("lons", []).append(zone["longitude"])
        group.setdefault("lats", []).append(zone["latitude"])
        if group["filter"] != _place_filter(zone):
            group["filter"] = ("province", zone["province__slug"])  # a cell across two prefectures
        if len(group["names"]) < 3:
            group["names"].append(zone["name_zh"])
    points = []
    for group in groups.values():
        lons, lats = group.pop("lons"), group.pop("lats")
        if group["n"] > 1 and not group["approximate"]:
            # Several own points drawn as one: at their middle, saying so.
            group["lon"], group["lat"] = sum(lons) / len(lons), sum(lats) / len(lats)
            group["precision"] = str(GROUPED_NOTE % {"km": round(cell * 111)})
        name, value = group.pop("filter")
        # The list's other filters kept, its place filters replaced by this point's place.
        params = QueryDict(mutable=True) if link_params is None else link_params.copy()
        for key in ("prefecture", "province", "page", "view"):
            params.pop(key, None)
        params[name] = value
        group["url"] = reverse("zones:list") + "?" + params.urlencode()
        group["count_label"] = ngettext("%(n)s zone", "%(n)s zones", group["n"]) % {"n": group["n"]}
        points.append(group)
    return sorted(points, key=lambda p: -p["n"])


def _place_filter(zone) -> tuple[str, str]:
    """The zones-list filter a point links to: its prefecture, or its province where none is known."""
    if zone["prefecture__code"]:
        return ("prefecture", zone["prefecture__code"])
    return ("province", zone["province__slug"])


def kind_series(rows) -> dict:
    """A bar chart of zones by kind from ``kind_counts()`` rows."""
    labels = dict(Zone.Kind.choices)
    return {
        "categories": [str(labels.get(row["kind"], row["kind"])) for row in rows],
        "series": [{"name": "", "values": [row["n"] for row in rows]}],
        "horizontal": True,
    }


def approvals_by_year(rows) -> dict:
    """Zones approved per year, stacked by kind, from ``approvals_by_year()`` rows (year, kind, n):
    every year from FIRST_YEAR (or the first year held) to the last, zeros included."""
    rows = list(rows)
    if not rows:
        return {"categories": [], "series": [], "table": [], "counted": 0}
    first = min(FIRST_YEAR, min(row["year"] for row in rows))
    years = list(range(first, max(row["year"] for row in rows) + 1))
    labels = dict(Zone.Kind.choices)
    kinds = sorted({row["kind"] for row in rows}, key=list(labels).index)
    counts = {(row["year"], row["kind"]): row["n"] for row in rows}
    series = [
        {"name": str(labels[kind]), "values": [counts.get((year, kind), 0) for year in years]}
        for kind in kinds
    ]
    table = [
        {"year": year, "counts": [counts.get((year, kind), 0) for kind in kinds]}
        for year in years
        if any(counts.get((year, kind)) for kind in kinds)
    ]
    return {
        "categories": [str(y) for y in years],
        "series": series,
        "stacked": True,
        "table": table,
        "counted": sum(counts.values()),
    }


def bars(labels, values, urls=None, horizontal=False) -> dict:
    """A one-series bar chart."""
    return {
        "categories": [str(label) for label in labels],
        "series": [{"name": "", "values": list(values)}],
        "urls": urls,
        "horizontal": horizontal,
    }


def zone_location(zone) -> dict:
    """Zone page: the zone's point on its province's outline, with its precision."""
    row = {
        "name_zh": zone.name_zh,
        "longitude": zone.longitude,
        "latitude": zone.latitude,
        "location_approximate": zone.location_approximate,
        "location_basis": zone.location_basis,
        "prefecture__code": zone.prefecture.code if zone.prefecture else None,
        "prefecture__name_en": zone.prefecture.name_en if zone.prefecture else None,
        "prefecture__name_zh": zone.prefecture.name_zh if zone.prefecture else None,
        "province__slug": zone.province.slug,
        "province__name_en": zone.province.name_en,
        "province__name_zh": zone.province.name_zh,
        "province__code": zone.province.code,
    }
    points = zone_points([row])
    return {
        "points": points,
        "focus": zone.province.code,
        "approximate_note": str(APPROXIMATE_NOTE),
        "legend": {key: str(label) for key, label in LEGEND.items()},
    }


def rank_history(statistics) -> dict:
    """Zone page: the zone's MOFCOM evaluation ranks by year, oldest first, from its (prefetched)
    statistics: ``chart`` for json_script (rank 1 at the top), ``ranks`` (the rows, for the table
    beside it). Both empty when no report we hold ranks the zone."""
    ranks = sorted(
        (s for s in statistics if s.indicator == ZoneStatistic.Indicator.MOFCOM_RANK), key=lambda s: s.year
    )
    # Every year from the first rank to the last, so the gaps between evaluations show; a year
    # without a rank held has no value (null), not a guess.
    by_year = {rank.year: int(rank.value) for rank in ranks}
    years = list(range(ranks[0].year, ranks[-1].year + 1)) if ranks else []
    chart = {
        "categories": [str(year) for year in years],
        "series": [{"name": str(_("Rank")), "values": [by_year.get(year) for year in years]}],
        "inverse": True,
    }
    return {"chart": chart, "ranks": ranks}


def industry_regions(rows, subtree_query: str) -> list[dict]:
    """Industry page map: provinces by zones leading in the industry, each linking to those zones."""
    return [
        {
            "code": row["province__code"],
            "name": row["province__name_en"],
            "name_zh": row["province__name_zh"],
            "value": row["n"],
            "url": f"{reverse('zones:list')}?province={row['province__slug']}&{subtree_query}",
        }
        for row in rows
    ]
