"""Malformed query parameters on every public page get the page with a message (or a 400), never a 500.

Each list's parameters are read off its own FilterSet, so a facet added later is fuzzed too.
"""

import pytest
from django.test import Client

from enterprises.filters import EnterpriseFilter
from industries.filters import IndustryFilter
from policies.filters import PolicyFilter
from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    StatisticFactory,
    ZoneFactory,
)
from zones.filters import ZoneFilter

pytestmark = pytest.mark.django_db

LISTS = {
    "/en/zones/": ZoneFilter,
    "/en/industries/": IndustryFilter,
    "/en/enterprises/": EnterpriseFilter,
    "/en/policies/": PolicyFilter,
}
HOSTILE = {
    "nul": "%00",
    "nul inside": "32%00",
    "unicode digit": "%C2%B2",  # "²": str.isdigit() says yes, int() says no
    "arabic-indic digits": "%D9%A1%D9%A2",
    "5,000 digits": "9" * 5000,
    "negative 5,000 digits": "-" + "9" * 5000,
    "huge": "99999999999999999999999",
    "float": "1.5",
    "invalid utf-8": "%FF%FE",
    "long text": "x" * 5000,
}


@pytest.fixture
def world():
    industry = IndustryFactory()
    zone = ZoneFactory()
    zone.industries.add(industry)
    enterprise = EnterpriseFactory(zone=zone, province=zone.province)
    enterprise.industries.add(industry)
    StatisticFactory(zone=zone)
    document = PolicyDocumentFactory()
    MeasureFactory(document=document)
    return {"zone": zone, "industry": industry, "province": zone.province}


def _params(filterset_class) -> list[str]:
    return [*filterset_class.base_filters, "page"]


def _assert_handled(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400), f"{url[:120]} gave {response.status_code}"
    if response.status_code == 200:
        assert response.context is not None  # a rendered page, not an empty body
    return response


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("path", LISTS)
def test_every_parameter_of_every_list_survives_hostile_values(world, path, value):
    client = Client(raise_request_exception=False)
    for name in _params(LISTS[path]):
        _assert_handled(client, f"{path}?{name}={value}")
        _assert_handled(client, f"{path}?{name}=1&{name}={value}")  # beside a plausible value


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_detail_pages_with_panels_survive_hostile_values(world, value):
    client = Client(raise_request_exception=False)
    pages = [
        f"/en/zones/{world['zone'].slug}/",
        f"/en/industries/{world['industry'].slug}/",
        f"/en/provinces/{world['province'].slug}/",
        "/en/",
    ]
    names = {*EnterpriseFilter.base_filters, *PolicyFilter.base_filters, "ent_page", "page"}
    for page in pages:
        for name in sorted(names):
            _assert_handled(client, f"{page}?{name}={value}")


def test_a_page_number_in_other_digits_says_which_page_is_shown(world, client):
    response = client.get("/en/zones/?page=%C2%B2")
    assert response.status_code == 200
    assert "There is no page “²” of this list; showing page 1." in response.content.decode()
    response = client.get("/en/zones/?page=" + "9" * 5000)
    assert response.status_code == 200 and "showing page 1" in response.content.decode()


def test_a_nul_byte_gets_a_400_that_says_why(world, client):
    response = client.get("/en/enterprises/?province=%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
