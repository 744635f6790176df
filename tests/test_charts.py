"""Maps and charts: the numbers each one draws are the database's, the same as the table beside it;
ECharts is loaded only where a chart is drawn; no page carries an inline script (CSP script-src 'self')."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    PrefectureFactory,
    ProvinceFactory,
    SourceFactory,
    StatisticFactory,
    ZoneFactory,
)
from tests.querycount import count_queries
from zones.models import Zone

pytestmark = pytest.mark.django_db

ECHARTS = "vendor/echarts/echarts.min.js"


def chart_data(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def assert_no_inline_script(html: str):
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


@pytest.fixture
def places():
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu", name_zh="江苏省",
                              longitude=118.8, latitude=32.1)  # fmt: skip
    suzhou = PrefectureFactory(province=jiangsu, code="3205", name_en="Suzhou", name_zh="苏州市",
                               longitude=120.6, latitude=31.3)  # fmt: skip
    zhejiang = ProvinceFactory(code="33", slug="zhejiang", name_en="Zhejiang", longitude=120.2, latitude=30.3)
    return jiangsu, suzhou, zhejiang


def zone_at(place, province, **kwargs):
    return ZoneFactory(province=province, longitude=place.longitude, latitude=place.latitude, **kwargs)


def test_home_charts_are_the_database_counts(client, places):
    jiangsu, suzhou, zhejiang = places
    for year, kind in [(1984, "etdz"), (1984, "etdz"), (1988, "high-tech"), (2010, "etdz")]:
        zone_at(suzhou, jiangsu, prefecture=suzhou, kind=kind, approved=datetime.date(year, 1, 1))
    zone_at(zhejiang, zhejiang)  # no approval date: in the map, not in the years chart
    html = client.get(reverse("home")).content.decode()
    assert_no_inline_script(html)
    assert ECHARTS in html
    regions = {r["code"]: r["value"] for r in chart_data(html, "province-map-data")["regions"]}
    assert regions == {"32": 4, "33": 1}
    assert chart_data(html, "province-map-data")["regions"][0]["url"] == jiangsu.get_absolute_url()
    approvals = chart_data(html, "approvals-data")
    assert approvals["categories"][0] == "1984" and approvals["categories"][-1] == "2010"
    by_kind = {s["name"]: sum(s["values"]) for s in approvals["series"]}
    assert by_kind == {
        "Economic and technological development zone": 3,
        "High-tech industrial development zone": 1,
    }
    # The table beside the chart: one row per year holding approvals, the same counts.
    table = re.search(r'id="approvals-table">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<th scope="row">(\d+)</th>((?:<td class="num">\d+</td>)+)', table)
    assert [(year, re.findall(r"\d+", cells)) for year, cells in rows] == [
        ("1984", ["2", "0"]), ("1988", ["0", "1"]), ("2010", ["1", "0"])
    ]  # fmt: skip
    assert sum(by_kind.values()) == Zone.objects.filter(approved__isnull=False).count() == 4
    assert "are counted (4 zones)" in html  # the undated zone is left out, and the note says how many are in


def test_zone_list_map_shows_the_filtered_rows_grouped_by_point(client, places):
    jiangsu, suzhou, zhejiang = places
    for _ in range(3):
        zone_at(suzhou, jiangsu, prefecture=suzhou)
    zone_at(jiangsu, jiangsu, kind="high-tech")
    zone_at(zhejiang, zhejiang)
    html = client.get(reverse("zones:list"), {"view": "map", "province": "jiangsu"}).content.decode()
    assert_no_inline_script(html)
    data = chart_data(html, "zone-map-data")
    assert data["zones"] == 4 and data["approximate"] == 4
    assert data["focus"] == "32"  # one province: drawn on its outline
    assert [(p["place"], p["n"]) for p in data["points"]] == [("Suzhou", 3), ("Jiangsu", 1)]
    # A point links to its zones with the list's other filters kept, in the table view.
    assert data["points"][0]["url"] == "/en/zones/?prefecture=3205"
    html = client.get(reverse("zones:list"), {"view": "map", "kind": "etdz"}).content.decode()
    assert {p["url"] for p in chart_data(html, "zone-map-data")["points"]} == {
        "/en/zones/?kind=etdz&prefecture=3205", "/en/zones/?kind=etdz&province=zhejiang"
    }  # fmt: skip
    # The switch back to the table keeps the filters.
    assert 'href="?kind=etdz"' in html


def test_zone_list_map_tells_sound_points_from_approximate_ones(client, places):
    jiangsu, suzhou, _ = places
    own = ZoneFactory(province=jiangsu, prefecture=suzhou, longitude=120.7, latitude=31.32,
                      location_basis="catalogue", location_approximate=False,
                      name_zh="苏州工业园区")  # fmt: skip
    zone_at(suzhou, jiangsu, prefecture=suzhou, location_basis="prefecture")
    zone_at(jiangsu, jiangsu, location_basis="province")
    ZoneFactory(province=jiangsu, longitude=120.9, latitude=31.4, location_basis="county")
    # A catalogue point that falls on the prefecture's centre is still its own point, not grouped.
    zone_at(suzhou, jiangsu, prefecture=suzhou, location_basis="catalogue", location_approximate=False)
    html = client.get(reverse("zones:list"), {"view": "map"}).content.decode()
    data = chart_data(html, "zone-map-data")
    assert (data["zones"], data["sound"], data["approximate"]) == (5, 2, 3)
    assert data["approximate_by_basis"] == {"prefecture": 1, "province": 1, "county": 1}
    by_zone = {tuple(p["names"]): p for p in data["points"]}
    assert by_zone[(own.name_zh,)]["approximate"] is False
    assert (
        by_zone[(own.name_zh,)]["precision"]
        == "The zone's own point: the 2018 catalogue's geocode of the zone."
    )
    precisions = sorted(p["precision"] for p in data["points"] if p["approximate"])
    assert precisions == [
        "Approximate: the centre of the zone's county.",
        "Approximate: the centre of the zone's prefecture.",
        "Approximate: the centre of the zone's province.",
    ]
    caption = re.sub(r"\s+", " ", re.search(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S).group(1))
    assert "2 are drawn at their own points" in caption
    assert "3 are approximate (hollow grey)" in caption
    assert "(county: 1, prefecture: 1, province: 1)" in caption
    # The table beside the map says each point's precision.
    table = re.search(r'id="zone-map-table">(.*?)</table>', html, re.S).group(1)
    assert table.count("Approximate: the centre") == 3 and table.count("own point") == 2


def test_zone_list_map_groups_own_points_that_lie_close_together(client, places):
    jiangsu, suzhou, _ = places
    for longitude in (120.71, 120.72):  # about a kilometre apart: one point on any map
        ZoneFactory(province=jiangsu, prefecture=suzhou, longitude=longitude, latitude=31.31,
                    location_basis="catalogue", location_approximate=False)  # fmt: skip
    far = ZoneFactory(province=jiangsu, prefecture=suzhou, longitude=121.4, latitude=31.9,
                      location_basis="catalogue", location_approximate=False)  # fmt: skip
    data = chart_data(client.get(reverse("zones:list"), {"view": "map"}).content.decode(), "zone-map-data")
    points = sorted(data["points"], key=lambda p: -p["n"])
    assert [p["n"] for p in points] == [2, 1]
    grouped, alone = points
    assert grouped["approximate"] is False and abs(grouped["lon"] - 120.715) < 1e-6
    assert (
        grouped["precision"]
        == "Zones with their own points within about 11 km of each other, drawn as one point."
    )
    assert (alone["lon"], alone["names"]) == (far.longitude, [far.name_zh])


@pytest.mark.parametrize(
    ("basis", "caption"),
    [
        ("catalogue", "The zone's own point: the 2018 catalogue's geocode of the zone."),
        ("county", "Approximate: no source we hold gives this zone's own position; the point is the "
                   "centre of its county."),
    ],
)  # fmt: skip
def test_zone_page_map_says_whose_point_it_is(client, places, basis, caption):
    jiangsu, suzhou, _ = places
    zone = ZoneFactory(province=jiangsu, prefecture=suzhou, longitude=120.7, latitude=31.32,
                       location_basis=basis, location_approximate=basis != "catalogue")  # fmt: skip
    html = client.get(zone.get_absolute_url()).content.decode()
    assert caption in html.replace("&#x27;", "'")
    point = chart_data(html, "zone-location-data")["points"][0]
    assert point["approximate"] is (basis != "catalogue")


def test_zone_page_rank_history_chart_and_table(client, places):
    jiangsu, suzhou, _ = places
    zone = zone_at(suzhou, jiangsu, prefecture=suzhou)
    news = SourceFactory(title="Repost", publisher="ttpaihang")
    for year, rank in ((2023, 2), (2021, 1)):
        StatisticFactory(zone=zone, year=year, indicator="mofcom_rank", value=rank,
                         unit=f"{year - 1} data", qualifier="complete list", source=news)  # fmt: skip
    StatisticFactory(zone=zone, year=2023, value=3500, unit="100 million yuan")
    html = client.get(zone.get_absolute_url()).content.decode()
    assert_no_inline_script(html)
    chart = chart_data(html, "zone-rank-data")
    assert chart["categories"] == ["2021", "2022", "2023"]  # the gap year shown, without a value
    assert chart["series"][0]["values"] == [1, None, 2]
    assert chart["inverse"] is True  # rank 1 on top
    table = re.search(r'id="zone-rank-table">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<th scope="row">(\d+)</th><td class="num">(\d+)</td>', table)
    assert rows == [("2023", "2"), ("2021", "1")]
    assert "2022 data; complete list" in table and "ttpaihang" in table
    assert "news reports and reposts" in html
    # The ranks are not repeated in the statistics table, which keeps the other figures.
    statistics = re.search(r'id="statistics-heading">(.*?)</section>', html, re.S).group(1)
    assert "3500" in statistics and "MOFCOM" not in statistics


def test_zone_page_without_ranks_says_so_only_where_ranks_apply(client, places):
    jiangsu, suzhou, _ = places
    etdz = zone_at(suzhou, jiangsu, prefecture=suzhou)
    html = client.get(etdz.get_absolute_url()).content.decode()
    assert "zone-rank-data" not in html
    assert "Not held: no report we hold gives this zone a MOFCOM evaluation rank." in html
    high_tech = zone_at(suzhou, jiangsu, prefecture=suzhou, kind="high-tech")
    assert "Rank history" not in client.get(high_tech.get_absolute_url()).content.decode()


def test_table_view_loads_no_chart_code(client, places):
    zone_at(places[0], places[0])
    html = client.get(reverse("zones:list")).content.decode()
    assert ECHARTS not in html and 'href="?view=map"' in html
    assert ECHARTS not in client.get(reverse("enterprises:list")).content.decode()


def test_zone_page_location_and_enterprises_by_industry(client, places):
    jiangsu, suzhou, _ = places
    zone = zone_at(suzhou, jiangsu, prefecture=suzhou)
    robots, chips = IndustryFactory(name_en="Robots"), IndustryFactory(name_en="Chips")
    for n in range(3):
        EnterpriseFactory(zone=zone).industries.add(robots, *([chips] if n == 0 else []))
    html = client.get(zone.get_absolute_url()).content.decode()
    assert_no_inline_script(html)
    location = chart_data(html, "zone-location-data")
    assert location["focus"] == "32" and location["points"][0]["place"] == "Suzhou"
    assert "the point is the centre of its prefecture" in html
    chart = chart_data(html, "zone-industry-data")
    assert chart["categories"] == ["Robots", "Chips"] and chart["series"][0]["values"] == [3, 1]
    table = re.search(r'id="zone-industry-table">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', table) == ["3", "1"]
    assert "Rank history" in html and "Not held" in html  # a national ETDZ: ranks would apply


def test_province_page_map_kinds_and_years(client, places):
    jiangsu, suzhou, _ = places
    zone_at(suzhou, jiangsu, prefecture=suzhou, approved=datetime.date(1992, 5, 1))
    zone_at(suzhou, jiangsu, prefecture=suzhou, kind="high-tech")
    html = client.get(jiangsu.get_absolute_url()).content.decode()
    assert_no_inline_script(html)
    assert chart_data(html, "zone-map-data")["points"][0]["n"] == 2
    assert chart_data(html, "zone-map-data")["focus"] == "32"
    assert sorted(chart_data(html, "kind-chart-data")["series"][0]["values"]) == [1, 1]
    assert [s["values"][-1] for s in chart_data(html, "approvals-data")["series"]] == [1]


@pytest.mark.parametrize("from_index", [True, False], ids=["facet index", "sql"])
def test_industry_page_map_and_listing_years(client, places, settings, from_index):
    settings.ATLAS_FACET_INDEX = from_index
    jiangsu, suzhou, zhejiang = places
    industry = IndustryFactory(name_en="Robots")
    child = IndustryFactory(parent=industry, level=2, code="1.1", slug="sei2018-1-1")
    zone_at(suzhou, jiangsu).industries.add(industry)
    zone_at(zhejiang, zhejiang).industries.add(child)
    zone_at(zhejiang, zhejiang).industries.add(child)
    for year in (2001, 2001, 2004):
        EnterpriseFactory(listed=datetime.date(year, 3, 1)).industries.add(child)
    EnterpriseFactory(listed=None).industries.add(industry)
    html = client.get(industry.get_absolute_url()).content.decode()
    assert_no_inline_script(html)
    regions = chart_data(html, "industry-map-data")["regions"]
    assert [(r["code"], r["value"]) for r in regions] == [("32", 1), ("33", 2)]
    assert "province=zhejiang" in regions[1]["url"] and "industry=sei2018-1-1" in regions[1]["url"]
    listing = chart_data(html, "listing-data")
    assert listing["categories"] == ["2001", "2002", "2003", "2004"]
    assert listing["series"][0]["values"] == [2, 0, 0, 1]


def test_map_view_queries_do_not_grow(client, places):
    jiangsu, suzhou, _ = places
    zone_at(suzhou, jiangsu, prefecture=suzhou)
    small = count_queries(client, reverse("zones:list"), {"view": "map", "province": "jiangsu"})
    for _ in range(50):
        zone_at(suzhou, jiangsu, prefecture=PrefectureFactory(province=jiangsu))
    assert count_queries(client, reverse("zones:list"), {"view": "map", "province": "jiangsu"}) == small


def test_home_queries_do_not_grow(client, places):
    jiangsu, suzhou, zhejiang = places
    zone_at(suzhou, jiangsu, approved=datetime.date(1984, 1, 1))
    small = count_queries(client, reverse("home"))
    for n in range(50):
        zone_at(zhejiang, zhejiang, approved=datetime.date(1985 + n % 30, 1, 1), kind="high-tech")
    assert count_queries(client, reverse("home")) == small


def test_chart_pages_queries_do_not_grow(client, places):
    """Zone, province and industry pages with their charts: as many queries with 1 row per chart as
    with 30 (enterprises by industry, zones on the map, by kind and year, zones and listings by year)."""
    jiangsu, suzhou, zhejiang = places
    industry = IndustryFactory()
    zone = zone_at(suzhou, jiangsu, prefecture=suzhou, approved=datetime.date(1990, 1, 1))
    zone.industries.add(industry)
    EnterpriseFactory(zone=zone, listed=datetime.date(2001, 1, 1)).industries.add(industry)
    urls = [zone.get_absolute_url(), jiangsu.get_absolute_url(), industry.get_absolute_url()]
    small = [count_queries(client, url) for url in urls]
    for n in range(30):
        place, province = (zhejiang, zhejiang) if n % 2 else (suzhou, jiangsu)
        kind = "high-tech" if n % 3 else "etdz"
        other = zone_at(place, province, approved=datetime.date(1990 + n, 1, 1), kind=kind)
        other.industries.add(industry)
        EnterpriseFactory(zone=zone, listed=datetime.date(2000 + n % 20, 1, 1)).industries.add(
            industry, IndustryFactory()
        )
    assert [count_queries(client, url) for url in urls] == small
