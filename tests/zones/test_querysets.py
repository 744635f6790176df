"""QuerySet methods named for the zones pages return the right rows and prefetch what the pages show."""

import pytest

from tests.factories import IndustryFactory, ProvinceFactory, SourceFactory, StatisticFactory, ZoneFactory
from zones.models import Industry, Province, Zone, ZoneStatistic

pytestmark = pytest.mark.django_db


def test_for_public_list_needs_no_query_per_row(django_assert_num_queries):
    ZoneFactory.create_batch(3)
    with django_assert_num_queries(1):
        rows = [(z.name_zh, z.province.name_en, z.province.slug) for z in Zone.objects.for_public_list()]
    assert len(rows) == 3


def test_for_detail_prefetches_industries_sources_statistics(django_assert_num_queries):
    zone = ZoneFactory()
    zone.industries.add(IndustryFactory())
    zone.sources.add(SourceFactory())
    StatisticFactory(zone=zone)
    with django_assert_num_queries(4):  # zone + province/prefecture joined, then three prefetches
        z = Zone.objects.for_detail().get(pk=zone.pk)
        assert [len(z.industries.all()), len(z.sources.all())] == [1, 1]
        assert [s.source.title for s in z.statistics.all()]


def test_kind_counts_and_national_etdz_count():
    ZoneFactory.create_batch(2, kind="etdz", level="national")
    ZoneFactory(kind="etdz", level="national", status="revoked")
    ZoneFactory(kind="provincial", level="provincial")
    assert list(Zone.objects.kind_counts()) == [{"kind": "etdz", "n": 3}, {"kind": "provincial", "n": 1}]
    assert Zone.objects.national_etdz_count() == 2


def test_province_with_zone_counts_leaves_out_empty_provinces():
    full = ProvinceFactory(code="32")
    ProvinceFactory(code="62")
    ZoneFactory.create_batch(2, province=full)
    assert [(p.code, p.zone_count) for p in Province.objects.with_zone_counts()] == [("32", 2)]


def test_industry_tree_puts_sei_first_and_counts_children_and_zones():
    gbt = IndustryFactory(scheme=Industry.Scheme.GBT_4754, code="A", slug="gbt4754-a")
    sei = IndustryFactory(code="1", slug="sei2018-1")
    child = IndustryFactory(code="1.1", parent=sei, level=2, slug="sei2018-1-1")
    ZoneFactory().industries.add(child)
    tree = list(Industry.objects.for_tree())
    assert [i.slug for i in tree] == [sei.slug, child.slug, gbt.slug]
    assert [(i.child_count, i.zone_count) for i in tree] == [(1, 0), (0, 1), (0, 0)]
    # The list filters the plain nodes and counts afterwards, on the rows kept.
    top = Industry.objects.tree_nodes(max_level=1).filter(scheme=Industry.Scheme.SEI_2018).with_tree_counts()
    assert [(i.slug, i.child_count, i.zone_count) for i in top] == [(sei.slug, 1, 0)]
    assert [(c.slug, c.zone_count) for c in Industry.objects.children_of(sei)] == [(child.slug, 1)]


def test_national_figures_for_home_in_declared_indicator_order():
    StatisticFactory(indicator=ZoneStatistic.Indicator.HIGH_TECH_ENTERPRISES, value=85000)
    StatisticFactory(indicator=ZoneStatistic.Indicator.ZONE_COUNT, value=232)
    StatisticFactory(indicator=ZoneStatistic.Indicator.GDP, year=2023)
    StatisticFactory(zone=ZoneFactory(), indicator=ZoneStatistic.Indicator.GDP)  # a zone's: not national
    rows = [(s.year, s.indicator) for s in ZoneStatistic.objects.national().for_home()]
    assert rows == [(2024, "zone_count"), (2024, "high_tech_enterprises"), (2023, "gdp")]


def test_successors_and_predecessors_match_the_former_name_within_the_province(django_assert_num_queries):
    shanghai, other = ProvinceFactory(code="31"), ProvinceFactory(code="45")
    # The standard lists 上海朱泾工业园区 twice; a successor naming it is the successor of both rows.
    twins = [
        ZoneFactory(province=shanghai, name_zh="上海朱泾工业园区", status="renamed", code=code)
        for code in ("31299019", "31299020")
    ]
    successor = ZoneFactory(province=shanghai, name_zh="新名称开发区", former_name="上海朱泾工业园区")
    ZoneFactory(province=other, former_name="上海朱泾工业园区")  # another province: unrelated
    ZoneFactory(province=shanghai, name_zh="上海朱泾工业园区", code="31299099")  # active, not a predecessor
    assert list(Zone.objects.successors_of(twins[0])) == [successor]
    assert list(Zone.objects.predecessors_of(successor)) == twins
    # A zone whose status did not end it, or without a former name, costs no query.
    with django_assert_num_queries(0):
        assert list(Zone.objects.successors_of(successor)) == []
        assert list(Zone.objects.predecessors_of(twins[0])) == []


def test_reported_etdz_count_is_the_newest_national_zone_count():
    assert ZoneStatistic.objects.reported_etdz_count() is None
    StatisticFactory(indicator=ZoneStatistic.Indicator.ZONE_COUNT, value=230, year=2023)
    StatisticFactory(indicator=ZoneStatistic.Indicator.ZONE_COUNT, value=232, year=2024)
    StatisticFactory(indicator=ZoneStatistic.Indicator.GDP, value=16.9, year=2025)
    assert ZoneStatistic.objects.reported_etdz_count().value == 232
