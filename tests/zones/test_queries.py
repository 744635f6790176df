"""Every zones page runs the same number of queries with 1 row and with 50 (no N+1)."""

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    PrefectureFactory,
    SourceFactory,
    StatisticFactory,
    ZoneFactory,
)
from tests.querycount import grow

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "params",
    [{}, {"province": "jiangsu", "kind": "etdz", "industry": "sei2018-1", "q": "Zone", "sort": "name"}],
    ids=["unfiltered", "filtered"],
)
def test_zone_list(client, province, params):
    industry = IndustryFactory(code="1", slug="sei2018-1")

    def make(n, _=None):
        for zone in ZoneFactory.create_batch(
            n, province=province, prefecture=PrefectureFactory(province=province)
        ):
            zone.industries.add(industry)
        return None

    small, large = grow(make, client, lambda _: reverse("zones:list"), params)
    assert small == large


def test_zone_detail(client, province):
    zone = ZoneFactory(province=province, prefecture=PrefectureFactory(province=province))

    def make(n, _=None):
        for _i in range(n):
            industry = IndustryFactory()
            zone.industries.add(industry)
            zone.sources.add(SourceFactory())
            StatisticFactory(zone=zone, year=1990 + (zone.statistics.count()))
            enterprise = EnterpriseFactory(zone=zone, province=province)
            enterprise.industries.add(industry)
            measure = MeasureFactory(document=PolicyDocumentFactory())
            measure.zones.add(zone)
        return zone

    small, large = grow(make, client, lambda _: zone.get_absolute_url())
    assert small == large


@pytest.mark.parametrize("side", ["upgraded", "successor"])
def test_zone_detail_of_an_upgrade_links_at_a_fixed_cost(client, province, side):
    """The successor or predecessor and the letter are looked up once, however many zones and documents."""
    letter = {"status_document": "国办函〔2024〕83号", "status_date": "2024-10-27"}
    PolicyDocumentFactory(document_number=letter["status_document"])
    old = ZoneFactory(province=province, name_zh="某经济开发区", status="upgraded", **letter)
    new = ZoneFactory(province=province, former_name="某经济开发区", **letter)
    zone = old if side == "upgraded" else new

    def make(n, _=None):
        for _i in range(n):
            ZoneFactory(province=province, status="upgraded", **letter)
            ZoneFactory(province=province, former_name=f"别的开发区{_i}", **letter)
            PolicyDocumentFactory()
        return zone

    small, large = grow(make, client, lambda z: z.get_absolute_url())
    assert small == large
