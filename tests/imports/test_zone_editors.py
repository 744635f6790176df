"""Zone editors may import only rows of their own zones; any other row rejects the whole file, named."""

import pytest
from django.contrib.auth.models import Group

from enterprises.models import Enterprise
from imports.engine import run_import
from tests.factories import EnterpriseFactory, valid_credit_code
from zones.models import Zone

from .state import db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(world, django_user_model):
    user = django_user_model.objects.create_user("sip-editor", password="pw", is_staff=True)
    world["sip"].editors.add(user)
    return user


def test_editor_updates_own_zone(world, write, editor):
    text = "code,name_zh,name_en,kind,province\n32101004,苏州工业园区,SIP,etdz,32\n"
    result = run_import("zones", write("z.csv", text), user=editor)
    assert result.ok and Zone.objects.get(code="32101004").name_en == "SIP"


def test_editor_file_touching_another_zone_is_rejected_whole(world, write, editor):
    text = (
        "code,name_zh,name_en,kind,province\n"
        "32101004,苏州工业园区,SIP,etdz,32\n"
        "32101009,江宁经济技术开发区,Jiangning,etdz,32\n"
        "32101070,新区,,etdz,32\n"
    )
    before = db_state()
    result = run_import("zones", write("z.csv", text), user=editor)
    assert [str(e) for e in result.errors] == [
        "z.csv, row 3, column code: '32101009' touches a zone you do not edit (32101009); "
        "zone editors may change only their own zones",
        "z.csv, row 4, column code: '32101070' touches a zone you do not edit (new zone 32101070); "
        "zone editors may change only their own zones",
    ]
    assert db_state() == before
    assert Zone.objects.get(code="32101004").name_en == "Suzhou Industrial Park"


def test_editor_statistics_and_enterprises_are_checked_by_zone(world, write, editor):
    stats = "zone_code,year,indicator,value,source_url\n32101004,2023,gdp,1,https://e.org/s\n,2024,gdp,2,https://e.org/s\n"
    result = run_import("statistics", write("s.csv", stats), user=editor)
    assert [(e.row, "national figures (no zone)" in e.message) for e in result.errors] == [(3, True)]
    elsewhere = EnterpriseFactory(credit_code=valid_credit_code(3), zone=world["jiangning"])
    text = (
        "name_zh,credit_code,zone_code\n"
        f"新公司,{valid_credit_code(4)},32101004\n"
        f"{elsewhere.name_zh},{elsewhere.credit_code},32101004\n"  # moving another zone's company in
        f"无园区公司,{valid_credit_code(5)},\n"
    )
    result = run_import("enterprises", write("e.csv", text), user=editor)
    assert [e.row for e in result.errors] == [3, 4]
    assert "32101009" in result.errors[0].message and "no zone" in result.errors[1].message
    assert not Enterprise.objects.filter(name_zh="新公司").exists()


def test_editor_cannot_import_other_kinds(world, write, editor):
    result = run_import("industries", write("i.csv", "scheme,code,name_zh\nsei2018,9,新产业\n"), user=editor)
    assert [str(e) for e in result.errors] == [
        "i.csv: zone editors may import only zones, statistics and enterprises, not industries"
    ]


def test_ministry_editor_may_touch_every_zone(world, write, django_user_model):
    user = django_user_model.objects.create_user("ministry", password="pw", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Ministry editors")[0])
    text = "code,name_zh,name_en,kind,province\n32101009,江宁经济技术开发区,Jiangning,etdz,32\n"
    assert run_import("zones", write("z.csv", text), user=user).ok


def test_editor_cannot_create_shared_sources(world, write, editor):
    from zones.models import Source

    known = Source.objects.create(url="https://example.org/known", title="known")
    stats = (
        "zone_code,year,indicator,value,source_url\n"
        f"32101004,2023,gdp,1,{known.url}\n"
        "32101004,2024,gdp,2,https://attacker.example/new\n"
    )
    before = db_state()
    sources_before = Source.objects.count()
    result = run_import("statistics", write("s.csv", stats), user=editor)
    assert [(e.row, e.column) for e in result.errors] == [(3, "source_url")]
    assert "zone editors may cite only existing sources" in result.errors[0].message
    assert Source.objects.count() == sources_before
    assert db_state() == before
