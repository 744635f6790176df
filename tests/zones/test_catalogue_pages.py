"""What the 2018 catalogue adds to the public pages: the zone page's facts with their source, the catalogue
code as a search key, the location's basis, and leading industries linked to industry pages and the list
facet."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import IndustryFactory, ProvinceFactory, SourceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def sip():
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu")
    biomed = IndustryFactory(
        scheme="sei2018", code="4.1", name_zh="生物医药产业", name_en="Biomedicine", slug="sei2018-4-1"
    )
    zone = ZoneFactory(
        province=jiangsu,
        code="32101004",
        name_zh="苏州工业园区",
        slug="suzhou-industrial-park",
        catalogue_code="G321090",
        area_ha=Decimal("8000"),
        area_km2=Decimal("80.00"),
        leading_industries="电子信息;生物医药;纳米技术",
        approved="1994-02-01",
        approved_precision="month",
        location_basis="county",
        longitude=120.63,
        latitude=31.27,
    )
    zone.industries.set([biomed])
    zone.sources.set([SourceFactory(url="https://github.com/kaiwulaw/x", title="2018 catalogue")])
    ZoneFactory(province=jiangsu, name_zh="江宁经济技术开发区")
    return zone


def test_zone_page_shows_the_catalogue_facts_and_their_source(client, sip):
    page = text(client.get(sip.get_absolute_url()))
    assert "2018 catalogue code G321090" in page
    assert "1994-02 (month only) source: 2018 catalogue" in page
    assert "8000 ha (80.00 km²) source: 2018 catalogue" in page
    assert "电子信息、生物医药、纳米技术 — as worded in the 2018 catalogue" in page
    assert "approximate: the centre of its county" in page
    assert "Biomedicine" in page and "crosswalk" in page


def test_catalogue_code_is_searchable_and_the_leading_industry_facet_works(client, sip):
    found = client.get(reverse("zones:list"), {"q": "G321090"}).context["page_obj"].object_list
    assert [z.code for z in found] == ["32101004"]
    leading = client.get(reverse("zones:list"), {"industry": "sei2018-4-1"}).context["page_obj"].object_list
    assert [z.code for z in leading] == ["32101004"]
    industry_page = text(client.get(reverse("industries:detail", kwargs={"slug": "sei2018-4-1"})))
    # English pages show the zones' English names (the Chinese one where none exists).
    assert (sip.name_en or sip.name_zh) in industry_page and "江宁经济技术开发区" not in industry_page
