"""The header search: one results page for zones, enterprises, industries and policies."""

import pytest
from django.urls import reverse

from search.matching import site_search
from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    PrefectureFactory,
    ProvinceFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def suzhou():
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_zh="江苏省", name_en="Jiangsu")
    prefecture = PrefectureFactory(code="3205", province=jiangsu, name_zh="苏州市", name_en="Suzhou")
    sip = ZoneFactory(
        code="32101004",
        name_zh="苏州工业园区",
        name_en="Suzhou Industrial Park",
        slug="sip",
        province=jiangsu,
        prefecture=prefecture,
    )
    kunshan = ZoneFactory(
        code="32101009",
        name_zh="昆山经济技术开发区",
        name_en="Kunshan ETDZ",
        slug="ks",
        province=jiangsu,
        prefecture=prefecture,
    )
    hyc = EnterpriseFactory(
        name_zh="苏州华兴源创科技股份有限公司", stock_code="688001", zone=sip, province=jiangsu
    )
    other = EnterpriseFactory(name_zh="昆山某精密机械有限公司", zone=kunshan, province=jiangsu)
    return {"sip": sip, "kunshan": kunshan, "hyc": hyc, "other": other}


def names(group):
    return [row.name_zh for row in group.rows]


def test_keys_are_stored_on_save(suzhou):
    suzhou["sip"].refresh_from_db()
    assert (suzhou["sip"].name_pinyin, suzhou["sip"].name_initials) == ("suzhougongyeyuanqu", "szgyyq")


def test_a_zone_by_initials_full_pinyin_english_name_and_code(suzhou):
    for term in ("szgyyq", "suzhou gongye yuanqu", "Suzhou Industrial", "32101004"):
        assert names(site_search(term)["zones"])[0] == "苏州工业园区", term


def test_a_company_by_chinese_name_and_stock_code(suzhou):
    assert names(site_search("华兴源创")["enterprises"]) == ["苏州华兴源创科技股份有限公司"]
    assert names(site_search("688001")["enterprises"]) == ["苏州华兴源创科技股份有限公司"]


def test_a_place_finds_what_is_located_there_after_name_matches(suzhou):
    groups = site_search("苏州")
    assert names(groups["zones"]) == ["苏州工业园区", "昆山经济技术开发区"]  # name match, then place
    assert [row.search_rank for row in groups["zones"].rows][-1] == 3
    assert names(groups["enterprises"])[-1] == "昆山某精密机械有限公司"


def test_the_results_page_groups_counts_and_links_each_list(client, suzhou):
    IndustryFactory(name_zh="苏州特色产业", code="99")
    body = client.get(reverse("search:results"), {"q": "苏州"}).content.decode()
    assert 'id="zones-heading">Zones <span class="count">2</span>' in body
    assert 'id="enterprises-heading">Enterprises <span class="count">2</span>' in body
    assert f'href="{suzhou["sip"].get_absolute_url()}"' in body
    assert f'href="{reverse("zones:list")}?q=%E8%8B%8F%E5%B7%9E"' not in body  # all shown: no "more" link
    assert "located there" in body
    assert f'href="{reverse("zones:list")}?prefecture=3205">zones in Suzhou</a>' in body


def test_suggestions_are_json_and_hostile_input_is_harmless(client, suzhou):
    data = client.get(reverse("search:suggest"), {"q": "szgy"}).json()
    assert data["items"][0] == {"kind": "zones", "label": "Suzhou Industrial Park", "url": "/en/zones/sip/"}
    for q in ("%", "_", "'; drop table", "x" * 5000, ""):
        assert client.get(reverse("search:results"), {"q": q}).status_code == 200
    # A NUL byte is refused for the whole site with a 400 that says why (config.middleware).
    assert client.get(reverse("search:results"), {"q": "\x00"}).status_code == 400


def test_query_count_is_constant_as_data_grows(client, suzhou, django_assert_num_queries):
    # Places (prefectures, provinces, the zones in the prefectures: 3), then capped count + rows for
    # zones, industries and policies (2 each) and for enterprises a capped count, then its tiers:
    # exact/prefix rows, substring count + rows, place count + rows (6; see search/matching.py).
    with django_assert_num_queries(15):
        client.get(reverse("search:results"), {"q": "苏州"})
    for n in range(50):
        EnterpriseFactory(name_zh=f"苏州测试{n}有限公司", zone=suzhou["sip"])
    with django_assert_num_queries(15):
        body = client.get(reverse("search:results"), {"q": "苏州"}).content.decode()
    assert 'id="enterprises-heading">Enterprises <span class="count">52</span>' in body
