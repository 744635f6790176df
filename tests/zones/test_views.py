"""Zone, province and industry pages: the right rows, the right links, breadcrumbs and notes."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    PolicyDocumentFactory,
    PrefectureFactory,
    ProvinceFactory,
    SourceFactory,
    StatisticFactory,
    ZoneFactory,
)
from tests.pages import text
from zones.models import ZoneStatistic

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- zones list


def test_zone_list_shows_rows_links_and_derived_marker(client, sip, jiangsu):
    derived = ZoneFactory(
        code="32103001",
        name_zh="南京高新技术产业开发区",
        name_en="Nanjing Gaoxin Zone",
        province=jiangsu,
        kind="high-tech",
        slug="nanjing-high-tech",
    )
    response = client.get(reverse("zones:list"))
    assert response.status_code == 200
    body = text(response)
    assert f'href="{sip.get_absolute_url()}"' in body
    assert f'href="{derived.get_absolute_url()}"' in body
    assert f'href="{jiangsu.get_absolute_url()}"' in body
    assert "1994-02" in body  # approval at its month precision
    # Derived marker on the derived name only, with the legend explaining it.
    row_derived = body.split("Nanjing Gaoxin Zone", 1)[1][:400]
    row_official = body.split("Suzhou Industrial Park", 1)[1][:120]
    assert "derived" in row_derived and "derived" not in row_official.split("</td>")[0]
    assert "English names marked derived are our pinyin rendering, not official" in body


def test_zone_list_filters_in_url_and_shows_counts(client, sip, jiangsu):
    ZoneFactory(
        code="33101001", name_zh="杭州经济技术开发区", province=ProvinceFactory(code="33", slug="zhejiang")
    )
    response = client.get(reverse("zones:list"), {"province": "jiangsu", "kind": "etdz"})
    body = text(response)
    assert list(response.context["object_list"]) == [sip]
    assert 'name="province" value="jiangsu" checked' in body
    assert 'name="province" value="zhejiang"' in body  # still offered, with its count under kind=etdz
    assert "1 zone" in body
    assert 'aria-label="Remove filter Province: Jiangsu"' in body


def test_zone_list_bad_parameter_message_and_rows_kept(client, sip):
    response = client.get(reverse("zones:list"), {"province": "atlantis", "approved_from": "abc"})
    body = text(response)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [sip]
    assert "Some filters in the address were not understood" in body
    assert "“atlantis” is not one of the known values" in body
    assert "Approved from (year)</strong> = “abc”: not a year" in body
    assert "ignores this filter" in body


def test_zone_list_paginates_at_50_and_keeps_filters_in_page_links(client, jiangsu):
    ZoneFactory.create_batch(55, province=jiangsu, kind="etdz")
    response = client.get(reverse("zones:list"), {"province": "jiangsu", "sort": "name"})
    assert len(response.context["object_list"]) == 50
    body = response.content.decode()
    assert 'href="?province=jiangsu&amp;sort=name&amp;page=2"' in body
    page2 = client.get(reverse("zones:list"), {"province": "jiangsu", "sort": "name", "page": 2})
    assert len(page2.context["object_list"]) == 5


@pytest.mark.parametrize(("page", "shown"), [("9", 2), ("abc", 1), ("0", 1)])
def test_zone_list_page_out_of_range_shows_nearest_page_with_a_note(client, jiangsu, page, shown):
    ZoneFactory.create_batch(55, province=jiangsu)
    response = client.get(reverse("zones:list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert f"There is no page “{page}” of this list; showing page {shown}." in text(response)


def test_zone_list_data_note_counts_come_from_the_database(client, jiangsu):
    ZoneFactory.create_batch(3, province=jiangsu, kind="etdz", level="national")
    ZoneFactory(province=jiangsu, kind="high-tech")
    source = SourceFactory(
        url="https://www.chinadaily.com.cn/", title="China Daily article", publisher="China Daily"
    )
    StatisticFactory(
        indicator=ZoneStatistic.Indicator.ZONE_COUNT, value=232, unit="zones", year=2024, source=source
    )
    body = text(client.get(reverse("zones:list")))
    assert "<strong>3</strong> national economic and technological development zones" in body
    assert "against <strong>232</strong> reported for 2024" in body
    assert 'href="https://www.chinadaily.com.cn/"' in body
    assert "GB/T 37028-2018" in body


def test_header_search_box_targets_the_site_search(client):
    body = text(client.get(reverse("home")))
    assert f'action="{reverse("search:results")}"' in body and 'name="q"' in body


# ---------------------------------------------------------------- province page


# ---------------------------------------------------------------- industries


# ---------------------------------------------------------------- zone detail


def test_zone_detail_facts_links_and_breadcrumbs(client, sip, jiangsu):
    response = client.get(reverse("zones:detail", kwargs={"slug": "suzhou-industrial-park"}))
    body = text(response)
    assert response.status_code == 200
    assert "苏州工业园区" in body and "Suzhou Industrial Park" in body
    assert '<span class="code">32101004</span>' in body
    # Breadcrumbs: Home › Zones › Province › Zone
    crumbs = body.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert (
        crumbs.index('href="/en/"')
        < crumbs.index('href="/en/zones/"')
        < crumbs.index('href="/en/provinces/jiangsu/"')
    )
    assert '<span aria-current="page">Suzhou Industrial Park</span>' in crumbs
    assert 'href="/en/zones/?kind=etdz">Economic and technological development zone</a>' in body
    assert 'href="/en/zones/?province=jiangsu">all zones in Jiangsu</a>' in body
    assert 'href="/en/zones/?prefecture=3205">Suzhou</a>' in body
    assert "1994-02" in body and "(month only)" in body
    assert "approximate: prefecture centre" in body
    assert "No source lists this zone's leading industries." in body
    assert 'href="https://example.org/gbt37028"' in body
    # An official English name carries no derived marker in the heading.
    assert "derived" not in body.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_zone_detail_location_badge_names_the_centre_the_point_is(client, sip, jiangsu, suzhou):
    badge = re.compile(r'<span class="badge badge-approx" title="([^"]*)">([^<]*)</span>')
    # A zone with a prefecture sits at the prefecture's centre.
    title, label = badge.search(text(client.get(sip.get_absolute_url()))).groups()
    assert label == "approximate: prefecture centre" and title.endswith("the centre of its prefecture")
    # Most zones have no prefecture: the point is the province's centre.
    jiangsu.longitude, jiangsu.latitude = 118.76, 32.06
    jiangsu.save()
    provincial = ZoneFactory(province=jiangsu, prefecture=None, longitude=118.76, latitude=32.06)
    title, label = badge.search(text(client.get(provincial.get_absolute_url()))).groups()
    assert label == "approximate: province centre" and title.endswith("the centre of its province")
    # A prefecture without a point of its own (NBS "county-level units under the province"): the province's.
    pointless = PrefectureFactory(code="3290", province=jiangsu, longitude=None, latitude=None)
    county = ZoneFactory(province=jiangsu, prefecture=pointless, longitude=118.76, latitude=32.06)
    assert (
        badge.search(text(client.get(county.get_absolute_url()))).group(2) == "approximate: province centre"
    )
    # A point that is neither centre is only called approximate.
    elsewhere = ZoneFactory(province=jiangsu, prefecture=suzhou, longitude=120.7, latitude=31.32)
    assert badge.search(text(client.get(elsewhere.get_absolute_url()))).group(2) == "approximate"
    # An exact point has no badge.
    elsewhere.location_approximate = False
    elsewhere.save()
    assert "badge-approx" not in text(client.get(elsewhere.get_absolute_url()))


@pytest.fixture
def upgrade_2024():
    """The Guangzhou Huadu upgrade as the bundled data has it: the provincial zone marked upgraded, the new
    national ETDZ with its former name, both citing 国办函〔2024〕83号 (a policy document of that number)."""
    guangdong = ProvinceFactory(code="44", name_en="Guangdong", name_zh="广东省", slug="guangdong")
    letter = PolicyDocumentFactory(
        slug="guobanhan-2024-83", document_number="国办函〔2024〕83号", title_en="State Council letter"
    )
    common = {"province": guangdong, "status_document": "国办函〔2024〕83号", "status_date": "2024-10-27"}
    old = ZoneFactory(
        code="44201009",
        name_zh="广州花都经济开发区",
        slug="guangzhou-huadu-economic-development-zone",
        kind="provincial",
        level="provincial",
        status="upgraded",
        **common,
    )
    new = ZoneFactory(
        code="44101007",
        name_zh="广州花都经济技术开发区",
        slug="guangzhou-huadu-economic-and-technological-development-zone",
        former_name="广州花都经济开发区",
        **common,
    )
    return {"old": old, "new": new, "letter": letter, "guangdong": guangdong}


def test_upgraded_zone_links_its_successor_and_the_letter(client, upgrade_2024):
    old, new, letter = upgrade_2024["old"], upgrade_2024["new"], upgrade_2024["letter"]
    # A zone of another province that happens to have had the same former name is not the successor.
    elsewhere = ProvinceFactory(code="65", name_zh="新疆维吾尔自治区", slug="xinjiang")  # never Guangdong
    ZoneFactory(
        former_name=old.name_zh, slug="same-name-elsewhere", name_zh="别处经济技术开发区", province=elsewhere
    )
    body = text(client.get(old.get_absolute_url()))
    status = body.split("<dt>Status</dt>", 1)[1].split("</dd>", 1)[0]
    successor = f'<a href="{new.get_absolute_url()}"><span lang="zh-Hans">广州花都经济技术开发区</span></a>'
    assert status.startswith(f"<dd>Upgraded to {successor}")
    assert "national economic and technological development zone" in status and "44101007" in status
    assert (
        f'by <a href="{letter.get_absolute_url()}"><span lang="zh-Hans">国办函〔2024〕83号</span></a>'
        in status
    )
    assert "on 2024-10-27" in status
    assert "same-name-elsewhere" not in body


def test_upgraded_zone_links_back_to_its_former_self(client, upgrade_2024):
    old, new, letter = upgrade_2024["old"], upgrade_2024["new"], upgrade_2024["letter"]
    body = text(client.get(new.get_absolute_url()))
    status = body.split("<dt>Status</dt>", 1)[1].split("</dd>", 1)[0]
    assert status.startswith("<dd>Active ")
    assert (
        f'formerly <a href="{old.get_absolute_url()}"><span lang="zh-Hans">广州花都经济开发区</span></a>'
        ' (<span class="code">44201009</span>);' in status
    )
    assert f'by <a href="{letter.get_absolute_url()}">' in status


def test_status_change_without_matching_rows_stays_plain_text(client, upgrade_2024):
    new = upgrade_2024["new"]
    upgrade_2024["old"].delete()
    upgrade_2024["letter"].delete()
    status = text(client.get(new.get_absolute_url())).split("<dt>Status</dt>", 1)[1].split("</dd>", 1)[0]
    assert 'formerly <span lang="zh-Hans">广州花都经济开发区</span>;' in status
    assert 'by <span lang="zh-Hans">国办函〔2024〕83号</span>' in status
    assert "<a " not in status


def test_zone_detail_industries_statistics_status_and_enterprises(client, sip):
    chips = IndustryFactory(
        code="1.2", name_en="Electronic core industry", name_zh="电子核心产业", slug="sei2018-1-2"
    )
    sip.industries.add(chips)
    sip.status, sip.former_name, sip.status_document = "upgraded", "某省级开发区", "国办函〔2024〕83号"
    sip.save()
    source = SourceFactory(
        url="https://example.org/stats", title="Statistics source", publisher="Stats publisher"
    )
    StatisticFactory(zone=sip, year=2023, indicator="gdp", value=3686, unit="100 million yuan", source=source)
    hyc = EnterpriseFactory(name_zh="苏州华兴源创科技股份有限公司", zone=sip, slug="688001-suzhou-hyc")
    body = text(client.get(sip.get_absolute_url()))
    assert f'href="{chips.get_absolute_url()}"' in body
    assert "Upgraded" in body and "国办函〔2024〕83号" in body and "某省级开发区" in body
    assert (
        "Regional GDP" in body
        and "3686 100 million yuan" in body
        and 'href="https://example.org/stats"' in body
    )
    assert f'href="{hyc.get_absolute_url()}"' in body


def test_zone_detail_derived_name_marked_and_unknown_zone_404(client, jiangsu):
    zone = ZoneFactory(
        province=jiangsu, name_en="Kunshan Economic and Technological Development Zone", slug="ks"
    )
    body = text(client.get(zone.get_absolute_url()))
    assert "derived" in body.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "No source we hold gives the approval date" in body
    assert client.get(reverse("zones:detail", kwargs={"slug": "nowhere"})).status_code == 404


# ---------------------------------------------------------------- industry detail
