"""Industry pages (industries:list, industries:detail): the trees, search, scheme facet, subtrees."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
)
from tests.pages import text

pytestmark = pytest.mark.django_db


def test_industry_list_shows_tree_in_order_to_divisions(client, tree):
    body = text(client.get(reverse("industries:list")))
    positions = [
        body.index(f'href="{tree[k].get_absolute_url()}"') for k in ("root", "child", "section", "division")
    ]
    assert positions == sorted(positions)  # SEI first, each parent before its children
    assert tree["group"].get_absolute_url() not in body  # deeper GB/T levels only on their parent's page
    assert "Strategic Emerging Industries (2018)" in body


def test_industry_list_search_and_scheme(client, tree):
    body = text(client.get(reverse("industries:list"), {"q": "软件开发"}))
    assert tree["group"].get_absolute_url() in body and tree["root"].get_absolute_url() not in body
    response = client.get(reverse("industries:list"), {"scheme": "sei2018"})
    assert {i.code for i in response.context["object_list"]} == {"1", "1.2"}


def scheme_options(body: str) -> dict[str, tuple[str, int]]:
    """The classification facet as shown: {value: (label, count)}."""
    found = re.findall(
        r'name="scheme" value="(\w+)"[^>]*> <span class="facet-label">([^<]*)</span> '
        r'<span class="count" aria-label="\d+ results?">(\d+)</span>',
        body,
    )
    return {value: (label, int(count)) for value, label, count in found}


def test_industry_list_scheme_is_a_facet_with_counts_and_a_named_chip(client, tree, sip):
    sip.industries.add(tree["child"])
    # Top two levels: 2 SEI nodes and 2 GB/T nodes (the group is below the divisions).
    assert scheme_options(text(client.get(reverse("industries:list")))) == {
        "sei2018": ("Strategic Emerging Industries (2018)", 2),
        "gbt4754": ("GB/T 4754-2017 National Industries", 2),
    }
    # The old single-value address still works; the chip says which classification, not "gbt4754".
    response = client.get(reverse("industries:list"), {"scheme": "gbt4754"})
    body = text(response)
    assert {i.code for i in response.context["object_list"]} == {"I", "65"}
    assert 'name="scheme" value="gbt4754" checked' in body
    chips = body.split('class="active-filters"', 1)[1].split("</ul>", 1)[0]
    assert 'aria-label="Remove filter Classification: GB/T 4754-2017 National Industries"' in chips
    assert '<span class="chip-label">Classification:</span> GB/T 4754-2017 National Industries' in chips
    assert "gbt4754" not in chips.replace('href="?"', "")
    # The tree's own counts are still there on the filtered rows, each counted once.
    body = text(client.get(reverse("industries:list"), {"scheme": "sei2018"}))
    assert '<span class="badge">1 zone</span>' in body and "1 sub-industry" in body
    # A search narrows the facet counts too: three GB/T nodes mention 软件, no SEI node does.
    body = text(client.get(reverse("industries:list"), {"q": "软件"}))
    assert scheme_options(body) == {"gbt4754": ("GB/T 4754-2017 National Industries", 3)}


def test_industry_detail_breadcrumbs_subtree_and_zones(client, tree, sip):
    sip.industries.add(tree["division"])
    body = text(client.get(tree["division"].get_absolute_url()))
    crumbs = body.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/industries/?scheme=gbt4754"' in crumbs
    assert f'href="{tree["section"].get_absolute_url()}"' in crumbs
    assert '<span aria-current="page">65 Software services</span>' in crumbs
    assert f'href="{tree["group"].get_absolute_url()}"' in body  # child listed
    assert f'href="{sip.get_absolute_url()}"' in body
    # The zone links are derived from the catalogue's words, and the page says so.
    assert "These links come from the 2018 catalogue" in body.replace("&#x27;", "'")
    # The link gives the same zones as the page: the industry and the ones below it (several values OR).
    subtree = "&amp;".join(f"industry={slug}" for slug in sorted([tree["division"].slug, tree["group"].slug]))
    assert f'href="/en/zones/?{subtree}"' in body


def test_industry_page_holds_what_its_sub_industries_hold(client, tree, sip, jiangsu):

    sip.industries.add(tree["group"])
    enterprise = EnterpriseFactory(province=jiangsu, name_zh="软件开发某公司")
    enterprise.industries.add(tree["group"])
    body = text(client.get(tree["section"].get_absolute_url()))
    assert f'href="{sip.get_absolute_url()}"' in body
    assert f'href="{enterprise.get_absolute_url()}"' in body
    see_all = html.unescape(body.split('href="/en/enterprises/?', 1)[1].split('"', 1)[0])
    listed = text(client.get("/en/enterprises/?" + see_all))
    assert f'href="{enterprise.get_absolute_url()}"' in listed  # "see all" gives the same enterprise


def test_industry_detail_leaf_without_english_name(client, tree):
    body = text(client.get(tree["group"].get_absolute_url()))
    assert "软件开发" in body
    assert "This is a leaf of the classification." in body
    assert "No source we hold names this industry, or one below it, as a zone's leading industry." in body
