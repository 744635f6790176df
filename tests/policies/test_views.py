"""Policy list and detail pages, and the measure panels of zone and industry pages."""

import pytest
from django.urls import reverse

from tests.factories import (
    ZoneFactory,
)
from zones.models import Zone

pytestmark = pytest.mark.django_db


def test_list_shows_documents_with_links_and_facets(client, policy_world):
    html = client.get(reverse("policies:list")).content.decode()
    assert "2 policies" in html
    assert (
        policy_world["letter"].get_absolute_url() in html and policy_world["plan"].get_absolute_url() in html
    )
    assert "国办函〔2024〕83号" in html
    assert "issued 2025<" in html  # the year only, as precise as the source
    assert "Zone designation" in html and "Innovation platforms" in html


def test_list_filtered_by_zone_and_bad_values(client, policy_world):
    html = client.get(reverse("policies:list"), {"zone": "huadu-etdz", "issued_from": "abc"}).content.decode()
    assert "2 policies" in html  # named by one, covered by kind in the other
    assert "not a year" in html
    html = client.get(reverse("policies:list"), {"category": "designation"}).content.decode()
    assert "1 policy" in html and policy_world["plan"].get_absolute_url() not in html


def test_detail_shows_measures_by_category_with_zone_kind_zone_and_industry_links(client, policy_world):
    html = client.get(policy_world["plan"].get_absolute_url()).content.decode()
    assert "Innovation platforms" in html and "Opening-up and trade" in html
    assert "/en/zones/?kind=etdz" in html
    assert "/en/industries/sei2018-1/" in html
    assert "(year only)" in html
    html = client.get(policy_world["letter"].get_absolute_url()).content.decode()
    assert policy_world["huadu"].get_absolute_url() in html
    assert "国办函〔2024〕83号" in html and "2024-10-27" in html
    assert "derived" in html and "not an official translation" in html
    assert "https://www.gov.cn/zhengce/content/202410/content_6983030.htm" in html
    crumbs = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert reverse("policies:list") in crumbs


def test_zone_page_lists_measures_named_and_by_kind_with_document_links(client, policy_world):
    html = client.get(policy_world["huadu"].get_absolute_url()).content.decode()
    assert "Upgrades Huadu." in html and "Names this zone." in html
    assert "Build platforms." in html and "For every economic and technological development zone." in html
    assert (
        policy_world["letter"].get_absolute_url() in html and policy_world["plan"].get_absolute_url() in html
    )
    assert "/en/policies/?zone=huadu-etdz" in html


def test_industry_page_lists_measures_of_the_industry_and_its_ancestors(client, policy_world):
    html = client.get(policy_world["child"].get_absolute_url()).content.decode()
    assert "Chips FDI." in html and "Names the broader industry" in html
    assert policy_world["plan"].get_absolute_url() in html
    other = ZoneFactory(kind=Zone.Kind.HIGH_TECH)
    html = client.get(other.get_absolute_url()).content.decode()
    assert "No policy measure we hold names this zone or its kind." in html
