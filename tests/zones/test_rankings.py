"""MOFCOM evaluation ranks: on the rankings page and the zone page, each with its year, how complete the
reported list is, and the news report it comes from; query count flat as ranks grow."""

import re

import pytest
from django.urls import reverse

from tests.factories import ProvinceFactory, SourceFactory, StatisticFactory, ZoneFactory
from tests.querycount import count_queries
from zones.models import ZoneStatistic

pytestmark = pytest.mark.django_db
RANK = ZoneStatistic.Indicator.MOFCOM_RANK


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def report():
    return SourceFactory(
        url="https://ttpaihang.com/x.htm", title="repost", publisher="ttpaihang.com (news repost)"
    )


def rank(zone, value, report, year=2021, scope="complete list"):
    return StatisticFactory(
        zone=zone, indicator=RANK, year=year, value=value, unit="2020 data", qualifier=scope, source=report
    )


def test_rankings_page_and_zone_page(client, report):
    jiangsu = ProvinceFactory(code="32", slug="jiangsu")
    sip = ZoneFactory(province=jiangsu, name_zh="苏州工业园区", kind="etdz")
    other = ZoneFactory(province=jiangsu, name_zh="昆山经济技术开发区", kind="etdz")
    rank(other, 5, report)
    rank(sip, 1, report)
    rank(sip, 10, report, year=2018, scope="partial list")
    page = text(client.get(reverse("zones:rankings")))
    assert "news reports and reposts" in page
    assert page.index("Evaluation of 2021") < page.index("Evaluation of 2018")
    assert re.search(r"1 苏州工业园区 .* 5 昆山经济技术开发区", page)
    assert "(2020 data, partial list)" in page and "ttpaihang.com (news repost)" in page
    zone_page = text(client.get(sip.get_absolute_url()))
    # The zone page's rank history: each rank with its year, what the report covers and who reported it.
    assert "2021 1 ttpaihang.com (news repost) 2020 data; complete list" in zone_page
    assert "2018 10 ttpaihang.com (news repost) 2020 data; partial list" in zone_page
    assert "news reports and reposts" in zone_page and "All ranks held" in zone_page


def test_rankings_page_queries_do_not_grow(client, report):
    jiangsu = ProvinceFactory(code="32", slug="jiangsu")
    rank(ZoneFactory(province=jiangsu), 1, report)
    small = count_queries(client, reverse("zones:rankings"))
    for n in range(2, 40):
        rank(ZoneFactory(province=jiangsu), n, report, year=2018 + n % 4)
    assert count_queries(client, reverse("zones:rankings")) == small
