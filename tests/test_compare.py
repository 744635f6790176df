"""The compare page (/compare/?zones=a,b,c) and the "add to compare" links that build its address."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    ProvinceFactory,
    SourceFactory,
    StatisticFactory,
    ZoneFactory,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones():
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu")
    made = [
        ZoneFactory(province=jiangsu, slug=f"zone-{n}", name_zh=f"测试{n}区", kind=kind)
        for n, kind in enumerate(["etdz", "etdz", "high-tech", "customs", "etdz"])
    ]
    for n, zone in enumerate(made):
        zone.sources.add(SourceFactory(url=f"https://example.org/zone-{n}", title=f"Registry entry {n}"))
    return made


def cells(html: str, label: str) -> list[str]:
    """The cells of the compare table's row headed ``label``, as text."""
    row = re.search(rf'<th scope="row">{re.escape(label)}.*?</tr>', html, re.S).group(0)
    texts = [
        re.sub(r"<[^>]+>", "", cell.replace("<br>", " "))
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    return [re.sub(r"\s+", " ", text).strip() for text in texts]


def test_three_zones_side_by_side_with_their_sources(client, zones):
    industry = IndustryFactory(name_en="Robotics")
    zones[0].industries.add(industry)
    StatisticFactory(zone=zones[1], value=12, unit="bn yuan", source=SourceFactory(title="Yearbook"))
    for n in range(3):
        EnterpriseFactory(zone=zones[0], stock_code=None if n else "600001").industries.add(industry)
    document = PolicyDocumentFactory(title_en="Customs zone rules")
    MeasureFactory(document=document, zone_kinds=",customs,")
    MeasureFactory(document=PolicyDocumentFactory(title_en="Named zone letter")).zones.add(zones[1])

    html = client.get(reverse("compare"), {"zones": "zone-0,zone-1,zone-3"}).content.decode()

    assert cells(html, "Kind") == [
        "Economic and technological development zone",
        "Economic and technological development zone",
        "Customs special supervision zone",
    ]
    assert cells(html, "Sources") == [f"Registry entry {n}, Example publisher" for n in (0, 1, 3)]
    assert cells(html, "Approved") == ["not held"] * 3
    assert cells(html, "Approved area") == ["not held"] * 3
    assert cells(html, "MOFCOM evaluation rank") == [
        "not held",
        "not held",
        "does not apply: MOFCOM ranks national ETDZs",  # a customs zone
    ]
    assert cells(html, "Leading industries") == ["Robotics", "not held", "not held"]
    assert "[Example publisher]" in cells(html, "Figures")[1]
    assert cells(html, "Enterprises in the atlas")[:2] == ["3", "0"]
    assert cells(html, "of which listed companies")[:2] == ["1", "0"]
    assert cells(html, "Policies that apply") == [
        "none in the atlas",
        "Named zone letter",
        "Customs zone rules",
    ]


def test_catalogue_facts_and_ranks_with_their_sources(client, zones):
    from decimal import Decimal

    from zones.models import ZoneStatistic

    zones[0].catalogue_code = "G321090"
    zones[0].catalogue_approved = "2000-04/2002-12"
    zones[0].area_ha = Decimal("3980")
    zones[0].leading_industries = "汽车;电子信息"
    zones[0].location_basis = "catalogue"
    zones[0].longitude, zones[0].latitude = 120.7, 31.3
    zones[0].save()
    zones[0].industries.add(IndustryFactory(name_en="Automobiles"))
    zones[1].approved = "1994-08-01"
    zones[1].approved_precision = "month"
    zones[1].area_km2 = Decimal("12.50")
    zones[1].location_basis = "prefecture"
    zones[1].longitude, zones[1].latitude = 120.5, 31.2
    zones[1].save()
    news = SourceFactory(title="News repost", publisher="ttpaihang")
    for year, rank in ((2021, 5), (2023, 3)):
        StatisticFactory(
            zone=zones[0], year=year, indicator=ZoneStatistic.Indicator.MOFCOM_RANK, value=rank,
            unit=f"{year - 1} data", qualifier="complete list", source=news,
        )  # fmt: skip

    html = client.get(reverse("compare"), {"zones": "zone-0,zone-1,zone-2"}).content.decode()

    assert cells(html, "2018 catalogue code") == ["G321090", "not held", "not held"]
    assert cells(html, "Approved") == [
        "2000-04/2002-12 (the catalogue gives two approval dates) source: 2018 catalogue",
        "1994-08 (month only) source: see the Sources row",
        "not held",
    ]
    assert cells(html, "Approved area") == [
        "3980 ha (39.80 km²) source: 2018 catalogue (km² converted from ha)",
        "12.50 km² source: see the Sources row",
        "not held",
    ]
    industries = cells(html, "Leading industries")
    assert "汽车、电子信息 as worded in the 2018 catalogue" in industries[0]
    assert "derived" in industries[0] and "Automobiles" in industries[0]
    assert cells(html, "MOFCOM evaluation rank") == [
        "No. 3 in the 2023 evaluation (2022 data; complete list) [ttpaihang]"
        "No. 5 in the 2021 evaluation (2020 data; complete list) [ttpaihang]",
        "not held",
        "does not apply: MOFCOM ranks national ETDZs",  # a high-tech zone
    ]
    # Ranks are not repeated among the other figures; the page says they are news reports.
    assert cells(html, "Figures")[0] == "not held"
    assert "news reports and reposts" in html
    location = cells(html, "Location")
    assert location[0] == "the 2018 catalogue&#x27;s geocode of the zone"  # escaped apostrophe
    assert location[1].startswith("approximate") and "prefecture" in location[1]
    assert location[2] == "not held"


def test_unknown_and_surplus_zones_are_named(client, zones):
    html = client.get(reverse("compare"), {"zones": "zone-0,nowhere,zone-1"}).content.decode()
    assert "<code>nowhere</code>" in html
    assert len(cells(html, "Kind")) == 2
    html = client.get(reverse("compare"), {"zones": ",".join(z.slug for z in zones)}).content.decode()
    assert "At most 4 zones" in html and len(cells(html, "Kind")) == 4


@pytest.mark.parametrize("raw", ["", ",,,", "x" * 5000, "zone-0", "%00", "zone-0,ZONE-0"])
def test_odd_selections_explain_rather_than_fail(client, zones, raw):
    response = client.get(reverse("compare"), {"zones": raw})
    assert response.status_code == 200
    assert "Choose two to 4 zones" in response.content.decode()


def test_zone_list_rows_add_to_the_selection_which_survives_paging(client, zones, settings):
    html = client.get(reverse("zones:list"), {"compare": "zone-0", "page": "1"}).content.decode()
    assert "?compare=zone-0%2Czone-1" in html.replace("&amp;", "&") or "compare=zone-0%2Czone-1" in html
    assert "1 zone chosen to compare" in html
    html = client.get(reverse("zones:list"), {"compare": "zone-0,zone-1"}).content.decode()
    assert 'href="/en/compare/?zones=zone-0,zone-1"' in html
    # The filter form carries the selection when filters change.
    assert '<input type="hidden" name="compare" value="zone-0,zone-1">' in html


def test_selection_survives_the_pagination_links(client, zones):
    ZoneFactory.create_batch(60, province=zones[0].province)
    html = client.get(reverse("zones:list"), {"compare": "zone-0,zone-1"}).content.decode()
    next_links = re.findall(r'href="(\?[^"]*page=2[^"]*)"', html)
    assert next_links and all("compare=zone-0%2Czone-1" in link for link in next_links)


def test_zone_page_offers_add_to_compare(client, zones):
    html = client.get(zones[0].get_absolute_url()).content.decode()
    assert f'href="/en/compare/?zones={zones[0].slug}"' in html


def test_a_selection_made_on_the_list_follows_to_the_zone_page(client, zones):
    chosen = f"{zones[1].slug},{zones[2].slug}"
    listed = client.get(reverse("zones:list"), {"compare": chosen}).content.decode()
    opened = f'href="{zones[0].get_absolute_url()}?compare={zones[1].slug},{zones[2].slug}"'
    assert opened in listed
    page = client.get(zones[0].get_absolute_url(), {"compare": chosen}).content.decode()
    assert f'href="/en/compare/?zones={chosen},{zones[0].slug}"' in page


def test_compare_queries_do_not_grow(client, zones):
    industry = IndustryFactory()

    def grow(zone, enterprises):
        zone.industries.add(industry)
        StatisticFactory(zone=zone, year=2000 + enterprises, indicator="mofcom_rank", value=enterprises)
        for _ in range(enterprises):
            EnterpriseFactory(zone=zone).industries.add(IndustryFactory())
        MeasureFactory(zone_kinds=f",{zone.kind},").zones.add(zone)

    grow(zones[0], 1)
    small = count_queries(client, reverse("compare"), {"zones": "zone-0,zone-1"})
    for zone in zones:
        grow(zone, 10)
    assert count_queries(client, reverse("compare"), {"zones": "zone-0,zone-1,zone-2,zone-3"}) == small
