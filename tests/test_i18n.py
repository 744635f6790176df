"""Chinese first, English too: language by URL and Accept-Language, a switch that keeps the page and its
filters, names in the active language, and a translation check CI can rely on."""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ProvinceFactory, StatisticFactory, ZoneFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def chinese_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.mark.django_db
def test_a_chinese_browser_is_sent_to_the_chinese_site(client, chinese_default):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/zh-hans/"
    body = client.get("/zh-hans/").content.decode()
    assert '<html lang="zh-Hans">' in body and "开发区图谱" in body and ">开发区</a>" in body


@pytest.mark.django_db
def test_an_english_browser_gets_english_and_no_preference_gets_chinese(client, chinese_default):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/")["Location"] == "/zh-hans/"


@pytest.mark.django_db
def test_the_language_last_read_is_remembered_for_the_next_first_page(client, chinese_default):
    client.get("/en/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")["Location"] == "/en/"
    client.get("/zh-hans/zones/")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/zh-hans/"


@pytest.mark.django_db
def test_the_switch_keeps_page_and_filters_and_hreflang_lists_both(client, chinese_default):
    ProvinceFactory(code="32", slug="jiangsu", name_zh="江苏省", name_en="Jiangsu")
    body = client.get("/zh-hans/zones/?province=jiangsu&kind=etdz").content.decode()
    assert 'href="/en/zones/?province=jiangsu&amp;kind=etdz"' in body
    assert 'hreflang="en" href="http://testserver/en/zones/"' in body
    assert 'hreflang="zh-Hans" href="http://testserver/zh-hans/zones/"' in body
    assert '<link rel="canonical" href="http://testserver/zh-hans/zones/">' in body


@pytest.mark.django_db
def test_names_follow_the_language_and_derived_shows_in_english_only(client):
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_zh="江苏省", name_en="Jiangsu")
    zone = ZoneFactory(province=jiangsu, name_zh="昆山经济技术开发区", name_en="Kunshan ETDZ", slug="ks")
    with translation.override("zh-hans"):
        zh = client.get(zone.get_absolute_url()).content.decode()
    h1 = zh.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert h1 == "昆山经济技术开发区" and "派生" not in h1 and "经济技术开发区" in zh
    en = client.get(zone.get_absolute_url()).content.decode()
    h1 = en.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert h1.startswith("Kunshan ETDZ") and "derived" in h1
    assert '<dd lang="zh-Hans">昆山经济技术开发区</dd>' in en  # the registered name, as a fact


@pytest.mark.django_db
def test_facet_choices_and_errors_are_translated(client):
    with translation.override("zh-hans"):
        body = client.get(reverse("zones:list"), {"kind": "nonsense"}).content.decode()
    assert "地址中的部分筛选条件无法识别" in body and "不是可识别的取值" in body


@pytest.mark.django_db
def test_robots_sitemap_and_favicon(client):
    ZoneFactory(slug="sip")
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
    index = client.get("/sitemap.xml").content.decode()
    assert (
        "http://testserver/sitemap-zones.xml" in index
        and "http://testserver/sitemap-enterprises.xml" in index
    )
    sitemap = client.get("/sitemap-zones.xml").content.decode()
    assert "http://testserver/zh-hans/zones/sip/" in sitemap and "http://testserver/en/zones/sip/" in sitemap
    assert 'hreflang="x-default"' in sitemap
    assert client.get("/favicon.ico")["Location"].endswith("favicon.svg")


def _checker():
    spec = importlib.util.spec_from_file_location(
        "check_translations", ROOT / "bin" / "check_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_check_flags_template_text_outside_a_translate_tag():
    check = _checker()
    problems = check.untranslated_in(
        '{% load i18n %}<h1>{% translate "Zones" %}</h1>\n<p title="Hover text">Plain words</p>'
        '{% crumbs "Zones" url as c %}'
        "{% blocktranslate %}fine {{ x }}{% endblocktranslate %}<p>{{ x }} · 12</p>"
    )
    found = [what for _line, what in problems]
    assert 'title="Hover text"' in found and "Plain words" in found
    assert any("literal" in what for what in found) and len(found) == 3


def test_every_template_is_translated_and_the_catalogue_is_complete_and_compiled():
    check = _checker()
    assert check.check_templates() == []
    assert check.check_translated() == []
    assert check.check_compiled() == []


def test_the_catalogue_is_current():
    if not shutil.which("xgettext"):
        if os.environ.get("ZA_REQUIRE_GETTEXT"):
            pytest.fail("xgettext is missing but ZA_REQUIRE_GETTEXT is set (CI installs gettext)")
        pytest.skip("GNU gettext is not installed; CI installs it")
    assert _checker().check_stale(require_gettext=True) == []


@pytest.mark.django_db
def test_facet_labels_follow_the_language_in_a_zone_pages_panel_too(client):
    from tests.factories import EnterpriseFactory, IndustryFactory

    zone = ZoneFactory(slug="ks")
    industry = IndustryFactory(name_zh="电子核心产业", name_en="Electronic core industry")
    EnterpriseFactory(zone=zone).industries.add(industry)
    with translation.override("zh-hans"):
        zh = client.get(zone.get_absolute_url()).content.decode()
    panel = zh.split('id="enterprise-panel-filters"', 1)[1]
    assert '<span lang="zh-Hans">电子核心产业</span>' in panel and "Electronic core industry" not in panel
    en = client.get(zone.get_absolute_url()).content.decode()
    assert "Electronic core industry" in en.split('id="enterprise-panel-filters"', 1)[1]


@pytest.mark.django_db
def test_compare_page_in_chinese_names_places_and_data_words_in_chinese(client):
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_zh="江苏省", name_en="Jiangsu")
    zones = [
        ZoneFactory(province=jiangsu, name_zh="昆山经济技术开发区", name_en="Kunshan ETDZ", slug="ks"),
        ZoneFactory(province=jiangsu, name_zh="苏州工业园区", name_en="Suzhou Industrial Park", slug="sip"),
    ]
    StatisticFactory(
        zone=zones[1],
        year=2021,
        indicator="mofcom_rank",
        value=1,
        unit="2020 data",
        qualifier="complete list",
    )
    with translation.override("zh-hans"):
        zh = client.get(reverse("compare") + "?zones=ks,sip").content.decode()
    assert ">江苏省</a>" in zh and "Jiangsu" not in zh and "Kunshan ETDZ" not in zh
    assert "完整名单" in zh and "2020 年数据" in zh and "complete list" not in zh
    en = client.get(reverse("compare") + "?zones=ks,sip").content.decode()
    assert ">Jiangsu</a>" in en and "Kunshan ETDZ" in en and "complete list" in en and "2020 data" in en


def test_data_words_are_shown_in_the_page_language_and_others_unchanged():
    from zones.templatetags.localized import data_term

    with translation.override("zh-hans"):
        assert [data_term(w) for w in ("partial list", "2019 data", "alias", "%", "")] == [
            "部分名单",
            "2019 年数据",
            "别称",
            "%",
            "",
        ]
    with translation.override("en"):
        assert data_term("partial list") == "partial list" and data_term("2019 data") == "2019 data"
