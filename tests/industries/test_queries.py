"""Industry pages run the same number of queries with 1 row and with 50 (no N+1)."""

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    SourceFactory,
    ZoneFactory,
)
from tests.querycount import grow
from zones.models import Industry

pytestmark = pytest.mark.django_db


def test_industry_list(client):
    root = IndustryFactory(code="1", slug="sei2018-1")

    def make(n, _=None):
        for _i in range(n):
            child = IndustryFactory(parent=root, level=2)
            ZoneFactory().industries.add(child)
        return root

    small, large = grow(make, client, lambda _: reverse("industries:list"))
    assert small == large


def test_industry_detail(client, province):
    top = IndustryFactory(scheme=Industry.Scheme.GBT_4754, code="C", slug="gbt4754-c")
    mid = IndustryFactory(scheme=Industry.Scheme.GBT_4754, code="39", parent=top, level=2, slug="gbt4754-39")
    industry = IndustryFactory(
        scheme=Industry.Scheme.GBT_4754, code="391", parent=mid, level=3, slug="gbt4754-391"
    )

    def make(n, _=None):
        for _i in range(n):
            IndustryFactory(scheme=Industry.Scheme.GBT_4754, parent=industry, level=4)
            ZoneFactory(province=province).industries.add(industry)
            EnterpriseFactory(province=province).industries.add(industry)
            MeasureFactory(document=PolicyDocumentFactory()).industries.add(industry)
            industry.sources.add(SourceFactory())
        return industry

    small, large = grow(make, client, lambda i: i.get_absolute_url())
    assert small == large
