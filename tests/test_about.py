"""About the data: each field's coverage with its sources, the catalogue report summary, the address-derived
links by method; the home page's linked-enterprise note. Query counts stay flat as rows grow."""

import re

import pytest
from django.urls import reverse

from tests.factories import EnterpriseFactory, ProvinceFactory, ZoneFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def world():
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu")
    sip = ZoneFactory(
        province=jiangsu, catalogue_code="G321090", area_ha="8000", leading_industries="电子信息"
    )
    ZoneFactory(province=jiangsu)
    EnterpriseFactory(province=jiangsu, zone=sip, zone_basis="address", zone_method="full-name")
    EnterpriseFactory(
        province=jiangsu, zone=None, proposed_zone=sip, zone_review="pending", zone_method="alias"
    )
    EnterpriseFactory(province=jiangsu, zone=sip, zone_basis="source")
    EnterpriseFactory(province=jiangsu, registered_address="江苏省南京市", address_year=2015)
    return sip


def test_about_shows_coverage_sources_and_how_links_were_made(client, world):
    page = text(client.get(reverse("about")))
    assert "Zones (2)" in page and "Enterprises (4)" in page
    assert re.search(r"Approved area 1 50\.0%", page)
    assert re.search(r"Linked to a zone 2 50\.0%", page)
    assert re.search(r"… only as of about 2015 1 25\.0%", page)
    assert "1 companies are linked to a zone because their registered address names it" in page
    assert re.search(r"Full name 1 ", page) and "1 pending, 0 confirmed, 0 rejected" in page
    # The bundled match report is summarised.
    assert "23 catalogue rows were doubtful and 1 ambiguous" in page


def test_home_says_how_many_companies_are_linked_and_how(client, world):
    page = text(client.get(reverse("home")))
    assert (
        "2 of 4 companies are linked to a zone: 1 of them because their registered address names the zone"
        in page
    )
    assert "1 more links wait for review" in page


def test_about_page_queries_do_not_grow_with_rows(client, world):
    small = count_queries(client, reverse("about"))
    EnterpriseFactory.create_batch(30, province=world.province, zone=world, zone_basis="address")
    ZoneFactory.create_batch(30, province=world.province)
    assert count_queries(client, reverse("about")) == small


def test_about_counts_follow_every_write_despite_the_cache(client, world):
    from enterprises.models import Enterprise
    from enterprises.services import enterprise_review_zone_link

    assert "1 pending, 0 confirmed, 0 rejected" in text(client.get(reverse("about")))
    enterprise_review_zone_link(enterprises=Enterprise.objects.filter(zone_review="pending"), confirm=False)
    assert "0 pending, 0 confirmed, 1 rejected" in text(client.get(reverse("about")))
    Enterprise.objects.filter(zone_review="").first().delete()
    assert "Enterprises (3)" in text(client.get(reverse("about")))
