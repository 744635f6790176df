"""Enterprise list and detail pages, and the enterprise panels of zone and industry pages."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory, IndustryFactory, ProvinceFactory, SourceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sip(jiangsu):
    return ZoneFactory(
        province=jiangsu,
        code="32101004",
        slug="suzhou-industrial-park",
        name_zh="苏州工业园区",
        name_en="Suzhou Industrial Park",
    )


@pytest.fixture
def hyc(jiangsu, sip):
    enterprise = EnterpriseFactory(
        name_zh="苏州华兴源创科技股份有限公司",
        name_en="Suzhou HYC Technology Co.,Ltd",
        short_name="华兴源创",
        slug="688001-suzhou-hyc-technology-co-ltd",
        credit_code=None,
        stock_code="688001",
        board=Enterprise.Board.STAR,
        province=jiangsu,
        zone=sip,
        high_tech=True,
        listed=datetime.date(2019, 7, 22),
        sector_label="专用机械",
    )
    industry = IndustryFactory(
        code="1.2", slug="sei2018-1-2", name_en="Electronic core industry", name_zh="电子核心产业"
    )
    enterprise.industries.add(industry)
    enterprise.sources.add(
        SourceFactory(title="China Daily, 2025-05-27", url="https://www.chinadaily.com.cn/")
    )
    return enterprise


def test_list_rows_link_detail_province_and_zone(client, hyc, jiangsu):
    unlinked = EnterpriseFactory(province=jiangsu, name_zh="南京某某股份有限公司")
    response = client.get(reverse("enterprises:list"), {"province": "jiangsu", "board": "star"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 enterprise<" in html
    assert hyc.get_absolute_url() in html and "688001" in html and "STAR Market (Shanghai)" in html
    assert 'href="/en/zones/suzhou-industrial-park/"' in html
    assert 'href="/en/provinces/jiangsu/"' in html or jiangsu.get_absolute_url() in html
    assert unlinked.name_zh not in html
    # The honest note counts zone links from the database.
    assert "<strong>1</strong> of <strong>2</strong>" in html
    assert "most listed companies are not yet linked" in html


def test_list_says_not_linked_and_reports_bad_values(client, jiangsu):
    EnterpriseFactory(province=jiangsu)
    html = client.get(
        reverse("enterprises:list"), {"province": "atlantis", "listed_from": "abc"}
    ).content.decode()
    assert "not linked" in html
    assert "“atlantis” is not one of the known values" in html
    assert "not a year" in html
    assert "1 enterprise<" in html  # the other filters (none) still apply


def test_list_pagination_keeps_filters_and_reaches_deep_pages(client, jiangsu):
    EnterpriseFactory.create_batch(120, province=jiangsu, board=Enterprise.Board.STAR)
    response = client.get(reverse("enterprises:list"), {"board": "star", "sort": "stock_code", "page": 3})
    html = response.content.decode()
    page = response.context["page_obj"]
    assert page.number == 3 and len(page.object_list) == 20
    codes = [e.stock_code for e in page.object_list]
    assert codes == sorted(codes)
    assert "board=star" in html and "sort=stock_code" in html and "page=2" in html
    first = client.get(reverse("enterprises:list"), {"board": "star", "sort": "stock_code"}).context[
        "page_obj"
    ]
    second = client.get(
        reverse("enterprises:list"), {"board": "star", "sort": "stock_code", "page": 2}
    ).context["page_obj"]
    seen = (
        [e.pk for e in first.object_list]
        + [e.pk for e in second.object_list]
        + [e.pk for e in page.object_list]
    )
    assert len(seen) == len(set(seen)) == 120


def test_detail_shows_facts_and_links_every_way(client, hyc, jiangsu, sip):
    response = client.get(hyc.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "苏州华兴源创科技股份有限公司",
        "Suzhou HYC Technology Co.,Ltd",
        "华兴源创",
        "688001",
        "2019-07-22",
    ):
        assert text in html
    assert "Not recorded" in html  # no credit code in the source
    assert sip.get_absolute_url() in html
    assert jiangsu.get_absolute_url() in html
    assert "/en/industries/sei2018-1-2/" in html
    assert "not a GB/T 4754 class" in html
    assert "https://www.chinadaily.com.cn/" in html
    # Breadcrumbs: Home › Enterprises › Jiangsu › name.
    crumbs = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert (
        reverse("enterprises:list") in crumbs
        and jiangsu.get_absolute_url() in crumbs
        and hyc.name_en in crumbs
    )


def test_detail_without_zone_or_flag_says_so(client, jiangsu):
    enterprise = EnterpriseFactory(province=jiangsu, high_tech=None)
    html = client.get(enterprise.get_absolute_url()).content.decode()
    assert "No source links this company to a zone yet" in html
    assert "No source says" in html


def test_unknown_enterprise_is_404(client):
    assert client.get("/en/enterprises/no-such-company/").status_code == 404


def test_zone_page_panel_lists_links_and_paginates_with_its_own_parameter(client, hyc, sip, jiangsu):
    EnterpriseFactory.create_batch(25, zone=sip, province=jiangsu, board=Enterprise.Board.SSE_MAIN)
    html = client.get(sip.get_absolute_url()).content.decode()
    assert "26</strong> enterprises" in html
    assert "/en/enterprises/?zone=suzhou-industrial-park" in html  # "See all in the enterprise list"
    assert "ent_page=2" in html
    page2 = client.get(sip.get_absolute_url(), {"ent_page": 2}).content.decode()
    assert "Showing 21–26 of 26" in page2
    starred = client.get(sip.get_absolute_url(), {"board": "star"}).content.decode()
    assert hyc.get_absolute_url() in starred
    assert "1</strong> enterprise match" in starred
    assert "/en/enterprises/?zone=suzhou-industrial-park&amp;board=star" in starred


def test_zone_panel_empty_state(client, jiangsu):
    zone = ZoneFactory(province=jiangsu)
    html = client.get(zone.get_absolute_url()).content.decode()
    assert "No enterprise in this zone is linked by a source yet." in html


def test_industry_page_panel_links_enterprise_and_list(client, hyc):
    industry = hyc.industries.get()
    html = client.get(industry.get_absolute_url()).content.decode()
    assert hyc.get_absolute_url() in html
    assert "/en/enterprises/?industry=sei2018-1-2" in html


def test_zone_panel_filtered_to_nothing_offers_to_clear(client, hyc, sip):
    html = client.get(sip.get_absolute_url(), {"board": "bse"}).content.decode()
    assert "No enterprise here matches these filters." in html
    assert "No enterprise in this zone is linked by a source yet." not in html
    html = client.get(sip.get_absolute_url(), {"board": "nasdaq"}).content.decode()
    assert "“nasdaq” is not one of the known values" in html
    assert hyc.get_absolute_url() in html  # the bad filter is ignored, the rest shown


@pytest.mark.parametrize("index", [True, False], ids=["facet-index", "sql"])
@pytest.mark.parametrize("query", ["", "?board=star", "?zone=suzhou-industrial-park", "?q=nothing-like-this"])
def test_zone_link_note_counts_every_enterprise_whatever_the_filters(client, settings, hyc, index, query):
    settings.ATLAS_FACET_INDEX = index
    EnterpriseFactory.create_batch(2, zone=None, board=Enterprise.Board.SSE_MAIN)
    text = " ".join(client.get(reverse("enterprises:list") + query).content.decode().split())
    assert "<strong>1</strong> of <strong>3</strong> enterprises are linked to a zone" in text


def test_list_applies_the_known_values_of_a_facet_and_names_the_unknown_one(client, hyc):
    EnterpriseFactory(name_zh="北京某公司", province=ProvinceFactory(code="11", slug="beijing"))
    response = client.get(reverse("enterprises:list"), {"province": ["atlantis", "jiangsu"]})
    text = " ".join(response.content.decode().split())
    assert "“atlantis”" in text and "applies this filter's other values" in text
    # English page: the English name where there is one, the Chinese name otherwise.
    assert hyc.name_en in text and "北京某公司" not in text
