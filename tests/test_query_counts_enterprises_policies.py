"""Enterprise and policy pages, and the panels they give zone and industry pages, run the same number of
queries with 1 row and with 50 (no N+1)."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from policies.models import Measure
from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    ProvinceFactory,
    SourceFactory,
    ZoneFactory,
)
from tests.querycount import count_queries
from zones.models import Industry, Zone

pytestmark = pytest.mark.django_db


def grow(make, client, url, params=None):
    make(1)
    small = count_queries(client, url(), params)
    make(49)
    large = count_queries(client, url(), params)
    return small, large


@pytest.fixture
def place():
    province = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu")
    zone = ZoneFactory(province=province, slug="suzhou-industrial-park", code="32101004")
    industry = IndustryFactory(code="1.2", slug="sei2018-1-2")
    return province, zone, industry


def make_enterprises(place):
    province, zone, industry = place

    def make(n):
        for i in range(n):
            enterprise = EnterpriseFactory(
                province=province,
                zone=zone,
                board=Enterprise.Board.STAR,
                listed=datetime.date(2015 + i % 5, 1, 1),
                high_tech=True,
            )
            enterprise.industries.add(industry, IndustryFactory())

    return make


@pytest.mark.parametrize(
    "params",
    [
        {},
        {
            "province": "jiangsu",
            "board": "star",
            "industry": "sei2018-1-2",
            "zone": "32101004",
            "high_tech": "yes",
            "q": "Test",
            "listed_from": "2010",
            "listed_to": "2025",
            "sort": "-listed",
        },
        {"province": ["jiangsu", "atlantis"], "listed_from": "abc"},
    ],
    ids=["unfiltered", "filtered", "bad-values"],
)
def test_enterprise_list(client, place, params):
    small, large = grow(make_enterprises(place), client, lambda: reverse("enterprises:list"), params)
    assert small == large


def test_enterprise_list_deep_page(client, place):
    make = make_enterprises(place)
    make(120)
    small = count_queries(client, reverse("enterprises:list"), {"page": 1})
    assert count_queries(client, reverse("enterprises:list"), {"page": 3}) == small


def test_enterprise_detail(client, place):
    province, zone, industry = place
    enterprise = EnterpriseFactory(province=province, zone=zone)

    def make(n):
        for _i in range(n):
            child = IndustryFactory(parent=industry, level=2)
            enterprise.industries.add(child)
            enterprise.sources.add(SourceFactory())

    small, large = grow(make, client, enterprise.get_absolute_url)
    assert small == large


@pytest.mark.parametrize(
    "params", [{}, {"board": "star", "industry": "sei2018-1-2", "q": "Test", "ent_page": "1"}]
)
def test_zone_enterprises_and_measures_panels(client, place, params):
    province, zone, industry = place
    make_e = make_enterprises(place)

    def make(n):
        make_e(n)
        for _i in range(n):
            named = MeasureFactory(document=PolicyDocumentFactory())
            named.zones.add(zone)
            MeasureFactory(document=PolicyDocumentFactory(), zone_kinds=",etdz,")

    small, large = grow(make, client, zone.get_absolute_url, params)
    assert small == large


def test_industry_enterprises_and_measures_panels(client, place):
    province, zone, industry = place
    root = IndustryFactory(code="1", slug="sei2018-1")
    Industry.objects.filter(pk=industry.pk).update(parent=root, level=2)
    make_e = make_enterprises(place)

    def make(n):
        make_e(n)
        for _i in range(n):
            MeasureFactory(document=PolicyDocumentFactory()).industries.add(industry)
            MeasureFactory(document=PolicyDocumentFactory()).industries.add(root)

    small, large = grow(make, client, industry.get_absolute_url, {"province": "jiangsu"})
    assert small == large


def make_policies(place):
    province, zone, industry = place

    def make(n):
        for i in range(n):
            document = PolicyDocumentFactory(
                issued=datetime.date(2020 + i % 5, 1, 1), issued_precision="year"
            )
            document.sources.add(SourceFactory())
            named = MeasureFactory(document=document, category=Measure.Category.DESIGNATION)
            named.zones.add(ZoneFactory(province=province))
            named.industries.add(industry)
            MeasureFactory(document=document, category=Measure.Category.TAX, zone_kinds=",etdz,")

    return make


@pytest.mark.parametrize(
    "params",
    [
        {},
        {
            "zone": "suzhou-industrial-park",
            "category": ["tax", "designation"],
            "industry": "sei2018-1-2",
            "issuer": "Ministry of Commerce",
            "q": "Policy",
            "issued_from": "2019",
            "sort": "title",
        },
    ],
    ids=["unfiltered", "filtered"],
)
def test_policy_list(client, place, params):
    small, large = grow(make_policies(place), client, lambda: reverse("policies:list"), params)
    assert small == large


def test_policy_detail(client, place):
    province, zone, industry = place
    document = PolicyDocumentFactory()

    def make(n):
        for _i in range(n):
            measure = MeasureFactory(
                document=document, category=Measure.Category.values[_i % 5], zone_kinds=",etdz,high-tech,"
            )
            measure.zones.add(ZoneFactory(province=province, kind=Zone.Kind.ETDZ))
            measure.industries.add(IndustryFactory())
            document.sources.add(SourceFactory())

    small, large = grow(make, client, document.get_absolute_url)
    assert small == large
