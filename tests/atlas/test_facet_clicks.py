"""Every facet option of every public list, clicked alone and on top of another filter, answers with a
page (never an error) holding exactly the number of rows the option showed."""

import datetime

import pytest
from django.urls import reverse

from tests.atlas.facet_clicks import assert_every_option_gives_its_count
from tests.factories import IndustryFactory, ProvinceFactory, ZoneFactory
from zones.models import Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone_world():
    jiangsu = ProvinceFactory(code="32", slug="jiangsu")
    zhejiang = ProvinceFactory(code="33", slug="zhejiang")
    chips = IndustryFactory(code="1.2", slug="sei2018-1-2")
    for i, (province, kind, status) in enumerate(
        [
            (jiangsu, Zone.Kind.ETDZ, Zone.Status.ACTIVE),
            (jiangsu, Zone.Kind.HIGH_TECH, Zone.Status.ACTIVE),
            (zhejiang, Zone.Kind.ETDZ, Zone.Status.UPGRADED),
            (zhejiang, Zone.Kind.PROVINCIAL, Zone.Status.ACTIVE),
        ]
    ):
        zone = ZoneFactory(
            province=province, kind=kind, status=status, approved=datetime.date(1990 + 10 * i, 1, 1)
        )
        if i % 2:
            zone.industries.add(chips)


def test_zone_list_options(client, zone_world):
    assert assert_every_option_gives_its_count(client, reverse("zones:list")) >= 6
    assert assert_every_option_gives_its_count(client, reverse("zones:list"), {"province": "jiangsu"})


def test_enterprise_list_options(client, crowd):
    assert assert_every_option_gives_its_count(client, reverse("enterprises:list")) >= 15
    assert assert_every_option_gives_its_count(client, reverse("enterprises:list"), {"board": "star"})


def test_policy_list_options(client, policy_world):
    url = reverse("policies:list")
    assert assert_every_option_gives_its_count(client, url) >= 5
    assert assert_every_option_gives_its_count(client, url, {"issuer": "Ministry of Commerce"})
    assert assert_every_option_gives_its_count(client, url, {"category": "innovation"})


def test_an_unknown_value_is_not_offered_as_a_selected_option(client, policy_world):
    response = client.get(reverse("policies:list"), {"issuer": ["x", "Ministry of Commerce"]})
    issuer = next(f for f in response.context["filter"].facets if f.name == "issuer")
    assert [o.value for o in issuer.options if o.selected] == ["Ministry of Commerce"]
    assert "x" not in [o.value for o in issuer.options]
