"""Enterprise and policy pages, and the panels they give zone and industry pages, run the same number of
queries with 1 row and with 50 (no N+1)."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    SourceFactory,
)
from tests.querycount import count_queries, grow
from zones.models import Industry

pytestmark = pytest.mark.django_db


def make_enterprises(place):
    province, zone, industry = place

    def make(n, _=None):
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
            "zone": "32201004",
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
    small, large = grow(make_enterprises(place), client, lambda _: reverse("enterprises:list"), params)
    assert small == large


def test_enterprise_list_deep_page(client, place):
    make = make_enterprises(place)
    make(120)
    small = count_queries(client, reverse("enterprises:list"), {"page": 1})
    assert count_queries(client, reverse("enterprises:list"), {"page": 3}) == small


def test_enterprise_detail(client, place):
    province, zone, industry = place
    enterprise = EnterpriseFactory(province=province, zone=zone)

    def make(n, _=None):
        for _i in range(n):
            child = IndustryFactory(parent=industry, level=2)
            enterprise.industries.add(child)
            enterprise.sources.add(SourceFactory())

    small, large = grow(make, client, lambda _: enterprise.get_absolute_url())
    assert small == large


@pytest.mark.parametrize(
    "params", [{}, {"board": "star", "industry": "sei2018-1-2", "q": "Test", "ent_page": "1"}]
)
def test_zone_enterprises_and_measures_panels(client, place, params):
    province, zone, industry = place
    make_e = make_enterprises(place)

    def make(n, _=None):
        make_e(n)
        for _i in range(n):
            named = MeasureFactory(document=PolicyDocumentFactory())
            named.zones.add(zone)
            MeasureFactory(document=PolicyDocumentFactory(), zone_kinds=",etdz,")

    small, large = grow(make, client, lambda _: zone.get_absolute_url(), params)
    assert small == large


def test_industry_enterprises_and_measures_panels(client, place):
    province, zone, industry = place
    root = IndustryFactory(code="1", slug="sei2018-1")
    Industry.objects.filter(pk=industry.pk).update(parent=root, level=2)
    make_e = make_enterprises(place)

    def make(n, _=None):
        make_e(n)
        for _i in range(n):
            MeasureFactory(document=PolicyDocumentFactory()).industries.add(industry)
            MeasureFactory(document=PolicyDocumentFactory()).industries.add(root)

    small, large = grow(make, client, lambda _: industry.get_absolute_url(), {"province": "jiangsu"})
    assert small == large
