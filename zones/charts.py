"""What the maps and charts of the zone pages draw, as plain data for ``json_script``.

Each function returns the numbers of one chart; the page renders the same numbers as a table beside
the chart (for readers without JavaScript or with a screen reader), and static/js/atlas-charts.js
draws them. Locations: every zone point in the bundled data is the centre of the zone's prefecture
or province (``location_approximate``; see data/SOURCES.md), so the maps group zones that share a
point and say so instead of drawing them as if surveyed.
"""

from collections import OrderedDict

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Zone

FIRST_YEAR = 1984  # the first national ETDZs were approved in 1984


APPROXIMATE_NOTE = _(
    "Approximate: no source gives these zones' own positions; the point is the centre of their "
    "prefecture or province."
)


def map_data(zones, link_params=None, focus="") -> dict:
    """The points map of a zone list (filtered list, province page), with its caveat."""
    zones = list(zones)
    points = zone_points(zones, link_params)
    provinces = {zone["province__code"] for zone in zones}
    return {
        "points": points,
        # A list within one province is drawn on that province's outline, as its page is.
        "focus": focus or (provinces.pop() if len(provinces) == 1 else ""),
        "zones": sum(p["n"] for p in points),
        "approximate": sum(p["n"] for p in points if p["approximate"]),
        "approximate_note": str(APPROXIMATE_NOTE),
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
    ``Zone.objects.for_map()``."""
    groups: OrderedDict = OrderedDict()
    for zone in zones:
        if zone["longitude"] is None or zone["latitude"] is None:
            continue
        key = (round(zone["longitude"], 4), round(zone["latitude"], 4))
        group = groups.setdefault(
            key,
            {
                "lon": zone["longitude"],
                "lat": zone["latitude"],
                "n": 0,
                "approximate": True,
                "place": zone["prefecture__name_en"] or zone["province__name_en"],
                "place_zh": zone["prefecture__name_zh"] or zone["province__name_zh"],
                "names": [],
                "filter": ("prefecture", zone["prefecture__code"])
                if zone["prefecture__code"]
                else ("province", zone["province__slug"]),
            },
        )
        group["n"] += 1
        group["approximate"] = group["approximate"] and zone["location_approximate"]
        if len(group["names"]) < 3:
            group["names"].append(zone["name_zh"])
    points = []
    for group in groups.values():
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
        return {"categories": [], "series": [], "table": []}
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
    return {"categories": [str(y) for y in years], "series": series, "stacked": True, "table": table}


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
        "prefecture__code": zone.prefecture.code if zone.prefecture else None,
        "prefecture__name_en": zone.prefecture.name_en if zone.prefecture else None,
        "prefecture__name_zh": zone.prefecture.name_zh if zone.prefecture else None,
        "province__slug": zone.province.slug,
        "province__name_en": zone.province.name_en,
        "province__name_zh": zone.province.name_zh,
        "province__code": zone.province.code,
    }
    return {
        "points": zone_points([row]),
        "focus": zone.province.code,
        "approximate_note": str(APPROXIMATE_NOTE),
    }


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
