"""Maps, charts, compare and downloads in a real Chromium, under a strict Content-Security-Policy
(script-src 'self', no eval; see conftest.py), on real rows of the bundled data."""

import csv
import json
import re

import pytest
from django.db.models import Count
from django.db.models.functions import ExtractYear

from zones.models import Zone

pytestmark = [pytest.mark.browser]


def rendered(page, selector) -> int:
    """Waits until the chart in ``selector`` is drawn; the number of bars, regions or points."""
    page.wait_for_selector(f"{selector}[data-rendered]")
    value = page.get_attribute(selector, "data-rendered")
    assert value != "error", f"{selector} failed to draw"
    assert page.locator(f"{selector} canvas").count() == 1
    return int(value)


def click_at(page, selector, lon_lat):
    """Clicks the chart where the geographic point ``lon_lat`` is drawn (as a visitor would)."""
    x, y = page.evaluate(
        """([selector, point]) => {
            const el = document.querySelector(selector);
            el.scrollIntoView({block: "center"});
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, point);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""",
        [selector, lon_lat],
    )
    page.mouse.click(x, y)


def test_the_map_shows_the_filtered_list_and_a_point_opens_its_zones(strict_page, live_server):
    from playwright.sync_api import expect

    page = strict_page
    page.goto(f"{live_server.url}/zones/?province=jiangsu&kind=etdz")
    total = int(page.locator("#results-heading").inner_text().split()[0])
    page.get_by_role("link", name="Map", exact=True).click()
    page.wait_for_url(re.compile(r"view=map"))
    assert "province=jiangsu" in page.url and "kind=etdz" in page.url  # the filters kept
    points = rendered(page, "#zone-map")
    expected = (
        Zone.objects.filter(province__slug="jiangsu", kind="etdz")
        .values("longitude", "latitude")
        .distinct()
        .count()
    )
    assert points == expected > 1
    table = page.locator("#zone-map-table tbody tr")
    expect(table).to_have_count(points)
    counts = [int(n) for n in page.locator("#zone-map-table td.num").all_text_contents()]
    assert sum(counts) == total
    # A point (the most isolated, so no other is drawn over it) opens its zones in the table view.
    data = json.loads(page.locator("#zone-map-data").text_content())
    point = max(
        data["points"],
        key=lambda p: min(
            (p["lon"] - q["lon"]) ** 2 + (p["lat"] - q["lat"]) ** 2 for q in data["points"] if q is not p
        ),
    )
    click_at(page, "#zone-map", [point["lon"], point["lat"]])
    page.wait_for_url(re.compile(re.escape(point["url"]) + "$"))
    assert "kind=etdz" in page.url and "view=map" not in page.url
    expect(page.locator("#results-heading")).to_contain_text(f"{point['n']} zone")
    assert page.problems == []


def test_a_province_click_on_the_home_map_opens_its_page(strict_page, live_server):
    page = strict_page
    page.goto(live_server.url + "/")
    regions = rendered(page, "#province-map")
    assert regions == page.locator("#provinces-heading + table tbody tr").count()
    click_at(page, "#province-map", [119.6, 33.2])  # inside Jiangsu
    page.wait_for_url(re.compile(r"/provinces/jiangsu/$"))
    rendered(page, "#zone-map")  # the province page draws its zones
    assert page.problems == []


def test_the_approvals_chart_table_is_the_database(strict_page, live_server):
    page = strict_page
    page.goto(live_server.url + "/")
    years = rendered(page, "#approvals-chart")
    page.get_by_text("The numbers as a table").first.click()
    header = page.locator("#approvals-table thead th").all_inner_texts()[1:]
    shown = {}
    for row in page.locator("#approvals-table tbody tr").all():
        year = int(row.locator("th").inner_text())
        for kind, cell in zip(header, row.locator("td").all_inner_texts(), strict=True):
            if int(cell):
                shown[(year, kind)] = int(cell)
    labels = dict(Zone.Kind.choices)
    database = {
        (row["year"], str(labels[row["kind"]])): row["n"]
        for row in Zone.objects.filter(approved__isnull=False)
        .annotate(year=ExtractYear("approved"))
        .values("year", "kind")
        .annotate(n=Count("pk"))
    }
    assert shown == database and database
    assert years == max(y for y, _k in database) - 1984 + 1  # every year from 1984 is a bar slot
    assert page.problems == []


def test_compare_three_zones_chosen_on_the_list(strict_page, live_server):
    from playwright.sync_api import expect

    page = strict_page
    page.goto(f"{live_server.url}/zones/?province=jiangsu")
    for _ in range(3):
        page.locator("a.compare-toggle", has_text="+ compare").first.click()
        page.wait_for_load_state()
    expect(page.locator("#compare-bar")).to_contain_text("3 zones chosen to compare")
    # The choice survives paging.
    page.locator("nav.pagination a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator("#compare-bar")).to_contain_text("3 zones chosen to compare")
    page.locator("#compare-link").click()
    page.wait_for_url(re.compile(r"/compare/\?zones="))
    headers = page.locator("#compare-table thead th")
    expect(headers).to_have_count(4)  # the label column and three zones
    slugs = page.url.split("zones=")[1].split(",")
    for zone in Zone.objects.filter(slug__in=slugs).prefetch_related("sources"):
        column = page.locator("#compare-table thead th", has_text=zone.name_zh)
        expect(column).to_have_count(1)
        sources = page.locator("#compare-table tr", has_text="Sources")
        for source in zone.sources.all():
            expect(sources).to_contain_text(source.title)
    expect(page.locator("#compare-table")).to_contain_text("not held")
    assert page.problems == []


@pytest.mark.parametrize("fmt", ["csv"])
def test_a_download_holds_as_many_rows_as_the_page_says(strict_page, live_server, fmt):
    page = strict_page
    page.goto(f"{live_server.url}/zones/?province=zhejiang&province=beijing&q=开发区")
    total = int(page.locator("#results-heading").inner_text().split()[0].replace(",", ""))
    with page.expect_download() as info:
        page.locator("#downloads").get_by_role("link", name=fmt.upper()).click()
    path = info.value.path()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == total > 50  # more than one page
    assert all(row["province"] in {"zhejiang", "beijing"} for row in rows)
    assert all(row["sources"].startswith("https://") for row in rows)
    assert page.problems == []


def test_zone_and_industry_pages_draw_their_charts_on_a_phone(strict_page, live_server):
    from zones.models import Industry

    page = strict_page
    page.set_viewport_size({"width": 390, "height": 844})
    zone = Zone.objects.get(code="32101004")  # Suzhou Industrial Park, with a listed company
    page.goto(live_server.url + zone.get_absolute_url())
    assert rendered(page, "#zone-location") == 1
    assert rendered(page, "#zone-industry-chart") == page.locator("#zone-industry-table tbody tr").count() > 0
    # Its rank history: one axis year per year from the first rank held to the last.
    years = [int(row) for row in page.locator("#zone-rank-table tbody th").all_inner_texts()]
    assert len(years) > 1 and rendered(page, "#zone-rank-chart") == max(years) - min(years) + 1
    # The chart is no wider than the phone's screen.
    assert page.evaluate("document.querySelector('#zone-location').getBoundingClientRect().right") <= 390
    industry = Industry.objects.filter(enterprises__listed__isnull=False).first()
    page.goto(live_server.url + industry.get_absolute_url())
    assert rendered(page, "#listing-chart") >= 1
    page.goto(f"{live_server.url}/zones/?view=map")
    assert rendered(page, "#zone-map") == page.locator("#zone-map-table tbody tr").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert page.problems == []
