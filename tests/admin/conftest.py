"""Users in each role and two zones in different provinces, for the admin tests."""

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import EnterpriseFactory, ProvinceFactory, StatisticFactory, ZoneFactory
from zones.roles import MINISTRY_EDITORS, ZONE_EDITORS


@pytest.fixture(autouse=True)
def _imports_in_request(settings, tmp_path):
    """Run confirmed imports' tasks as they are enqueued (the database backend and its worker have tests
    of their own), in a private tmp dir."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.ATLAS_IMPORT_TMP_DIR = str(tmp_path / "uploads")


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
