"""Policy pages run the same number of queries with 1 row and with 50 (no N+1)."""

import datetime

import pytest
from django.urls import reverse

from policies.models import Measure
from tests.factories import (
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    SourceFactory,
    ZoneFactory,
)
from tests.querycount import grow
from zones.models import Zone

pytestmark = pytest.mark.django_db


def make_policies(place):
    province, zone, industry = place

    def make(n, _=None):
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
    small, large = grow(make_policies(place), client, lambda _: reverse("policies:list"), params)
    assert small == large


def test_policy_detail(client, place):
    province, zone, industry = place
    document = PolicyDocumentFactory()

    def make(n, _=None):
        for _i in range(n):
            measure = MeasureFactory(
                document=document, category=Measure.Category.values[_i % 5], zone_kinds=",etdz,high-tech,"
            )
            measure.zones.add(ZoneFactory(province=province, kind=Zone.Kind.ETDZ))
            measure.industries.add(IndustryFactory())
            document.sources.add(SourceFactory())

    small, large = grow(make, client, lambda _: document.get_absolute_url())
    assert small == large
