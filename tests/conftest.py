"""Fixtures shared across the test tree: users in each role, places and zones, data worlds of the lists."""

import datetime
import random

import pytest
from django.contrib.auth.models import Group, User

from atlas.roles import MINISTRY_EDITORS, ZONE_EDITORS
from enterprises.models import Enterprise
from policies.models import Measure
from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    PrefectureFactory,
    ProvinceFactory,
    SourceFactory,
    StatisticFactory,
    ZoneFactory,
)
from zones.models import Industry, Zone


def _user(username, *, group=None, **flags):
    user = User.objects.create_user(username, f"{username}@example.org", "pw", **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def superuser(db):
    return _user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def ministry_editor(db):
    return _user("ministry", group=MINISTRY_EDITORS, is_staff=True)


@pytest.fixture
def zone_editor(db, own_zone):
    user = _user("zoneeditor", group=ZONE_EDITORS, is_staff=True)
    own_zone.editors.add(user)
    return user


@pytest.fixture
def plain_user(db):
    return _user("visitor")


@pytest.fixture
def jiangsu(db):
    return ProvinceFactory(code="32", name_zh="江苏省", name_en="Jiangsu", slug="jiangsu")


@pytest.fixture
def zhejiang(db):
    return ProvinceFactory(code="33", name_zh="浙江省", name_en="Zhejiang", slug="zhejiang")


@pytest.fixture
def own_zone(jiangsu):
    return ZoneFactory(
        code="32101004",
        name_zh="苏州工业园区",
        name_en="Suzhou Industrial Park",
        slug="suzhou-industrial-park",
        province=jiangsu,
    )


@pytest.fixture
def other_zone(zhejiang):
    return ZoneFactory(province=zhejiang)


@pytest.fixture
def own_enterprise(own_zone):
    return EnterpriseFactory(
        name_zh="苏州华亚智能科技股份有限公司", zone=own_zone, province=own_zone.province
    )


@pytest.fixture
def other_enterprise(other_zone):
    return EnterpriseFactory(zone=other_zone, province=other_zone.province)


@pytest.fixture
def own_statistic(own_zone):
    return StatisticFactory(zone=own_zone, year=2023)


@pytest.fixture
def other_statistic(other_zone):
    return StatisticFactory(zone=other_zone, year=2023)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests never need collectstatic's manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def crowd(db):
    """60 enterprises with every combination of missing and present values, seeded."""
    rng = random.Random(7)
    provinces = [ProvinceFactory(code=str(c), slug=f"p{c}") for c in (11, 32, 33)]
    zones = [ZoneFactory(province=rng.choice(provinces), slug=f"z{i}") for i in range(4)]
    industries = [IndustryFactory(code=f"9.{i}", slug=f"i{i}") for i in range(5)]
    boards = [choice for choice, _label in Enterprise.Board.choices] + [""]
    for i in range(60):
        enterprise = EnterpriseFactory(
            name_zh=f"{'科技' if i % 3 else '电子'}公司{i}",
            province=rng.choice(provinces + [None]),
            zone=rng.choice(zones + [None, None]),
            board=rng.choice(boards),
            high_tech=rng.choice([True, False, None]),
            listed=rng.choice([None, datetime.date(rng.randint(1995, 2024), 6, 1)]),
        )
        enterprise.industries.add(*rng.sample(industries, rng.randint(0, 3)))
    return {"provinces": provinces, "zones": zones, "industries": industries, "rng": rng}


@pytest.fixture
def policy_world(db):
    province = ProvinceFactory(code="44", slug="guangdong", name_en="Guangdong")
    huadu = ZoneFactory(
        province=province, slug="huadu-etdz", name_zh="广州花都经济技术开发区", kind=Zone.Kind.ETDZ
    )
    parent = IndustryFactory(code="1", slug="sei2018-1", name_en="Next-generation information technology")
    child = IndustryFactory(
        code="1.2", slug="sei2018-1-2", name_en="Electronic core industry", parent=parent, level=2
    )
    letter = PolicyDocumentFactory(
        slug="guobanhan-2024-83",
        title_en="State Council letter upgrading four zones",
        title_en_derived=True,
        title_zh="国务院办公厅关于同意广州花都经济开发区等4个省级经济开发区升级为国家级经济技术开发区的函",
        issuer="General Office of the State Council",
        document_number="国办函〔2024〕83号",
        issued=datetime.date(2024, 10, 27),
        issued_precision="day",
    )
    letter.sources.add(SourceFactory(url="https://www.gov.cn/zhengce/content/202410/content_6983030.htm"))
    upgrade = MeasureFactory(document=letter, category=Measure.Category.DESIGNATION, text="Upgrades Huadu.")
    upgrade.zones.add(huadu)
    plan = PolicyDocumentFactory(
        slug="etdz-plan",
        title_en="Work plan for ETDZs",
        issuer="Ministry of Commerce",
        issued=datetime.date(2025, 1, 1),
        issued_precision="year",
    )
    MeasureFactory(
        document=plan, category=Measure.Category.INNOVATION, zone_kinds=",etdz,", text="Build platforms."
    )
    fdi = MeasureFactory(
        document=plan, category=Measure.Category.OPENING_UP, zone_kinds=",etdz,", text="Chips FDI."
    )
    fdi.industries.add(parent)
    return locals()


@pytest.fixture
def suzhou(jiangsu):
    return PrefectureFactory(
        code="3205", province=jiangsu, name_en="Suzhou", name_zh="苏州市", longitude=120.58, latitude=31.3
    )


@pytest.fixture
def sip(jiangsu, suzhou):
    zone = ZoneFactory(
        code="32101004",
        name_zh="苏州工业园区",
        name_en="Suzhou Industrial Park",
        name_en_derived=False,
        slug="suzhou-industrial-park",
        province=jiangsu,
        prefecture=suzhou,
        kind="etdz",
        approved=datetime.date(1994, 2, 1),
        approved_precision="month",
        longitude=120.58,
        latitude=31.3,
        location_approximate=True,
    )
    zone.sources.add(SourceFactory(url="https://example.org/gbt37028", title="GB/T 37028-2018 list"))
    return zone


@pytest.fixture
def tree(db):
    root = IndustryFactory(
        code="1", name_zh="新一代信息技术产业", name_en="Next-generation IT", slug="sei2018-1"
    )
    child = IndustryFactory(
        code="1.2",
        name_zh="电子核心产业",
        name_en="Electronic core industry",
        parent=root,
        level=2,
        slug="sei2018-1-2",
    )
    section = IndustryFactory(
        scheme=Industry.Scheme.GBT_4754,
        code="I",
        name_zh="信息传输、软件和信息技术服务业",
        name_en="Information and software",
        slug="gbt4754-i",
    )
    division = IndustryFactory(
        scheme=Industry.Scheme.GBT_4754,
        code="65",
        name_zh="软件和信息技术服务业",
        name_en="Software services",
        parent=section,
        level=2,
        slug="gbt4754-65",
    )
    group = IndustryFactory(
        scheme=Industry.Scheme.GBT_4754,
        code="651",
        name_zh="软件开发",
        name_en="",
        parent=division,
        level=3,
        slug="gbt4754-651",
    )
    return {"root": root, "child": child, "section": section, "division": division, "group": group}


@pytest.fixture
def province(jiangsu):
    """The province the query-count tests grow their rows in."""
    return jiangsu


@pytest.fixture
def place(db):
    """A province, a zone and an industry the query-count tests grow their rows around. The zone's code
    is outside ZoneFactory's "<province>101nnn" sequence, so the 50 zones those tests make never take it,
    whatever order the tests run in."""
    province = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu")
    zone = ZoneFactory(province=province, slug="suzhou-industrial-park", code="32201004")
    industry = IndustryFactory(code="1.2", slug="sei2018-1-2")
    return province, zone, industry


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Most tests read the English pages (/en/…); tests of the Chinese default set zh-hans themselves
    (tests/test_i18n.py). The site's own default is zh-hans (config/settings.py)."""
    settings.LANGUAGE_CODE = "en"
