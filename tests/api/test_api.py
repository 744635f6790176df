"""The read API: the pages' filters, strict about bad values, valid against its own OpenAPI schema,
throttled for anonymous clients, and a fixed number of queries per page of results."""

from urllib.parse import urlencode

import jsonschema
import pytest
from django.http import QueryDict
from django.urls import reverse
from openapi_spec_validator import validate
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    PolicyDocumentFactory,
    SourceFactory,
    ZoneFactory,
)
from tests.querycount import count_queries
from zones.filters import ZoneFilter
from zones.models import Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    validate(document)  # a valid OpenAPI document, or this raises
    return document


def assert_matches(schema, path, payload):
    """The payload is what the schema says GET ``path`` answers with 200."""
    body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    resolver_root = {"components": schema["components"], **body}
    jsonschema.Draft202012Validator(resolver_root).validate(payload)


def test_schema_is_valid_openapi_3_and_lists_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/zones/",
        "/api/zones/{slug}/",
        "/api/enterprises/",
        "/api/industries/",
        "/api/policies/",
    ):
        assert path in schema["paths"], path
    # The page's filters are documented as the list's parameters.
    params = {p["name"] for p in schema["paths"]["/api/zones/"]["get"]["parameters"]}
    assert {"province", "kind", "level", "status", "industry", "q", "sort", "page"} <= params


@pytest.mark.parametrize(
    ("name", "path"),
    [("zone", "/api/zones/"), ("enterprise", "/api/enterprises/"), ("industry", "/api/industries/"),
     ("policy", "/api/policies/")],
)  # fmt: skip
def test_every_list_and_row_answers_as_its_schema_says(client, schema, atlas, name, path):
    listing = client.get(reverse(f"api:{name}-list"))
    assert listing.status_code == 200
    assert_matches(schema, path, listing.json())
    first = listing.json()["results"][0]
    row = client.get(reverse(f"api:{name}-detail", kwargs={"slug": first["slug"]}))
    assert_matches(schema, path + "{slug}/", row.json())
    assert row.json() == first


def test_zone_filters_are_the_pages(client, atlas):
    params = {"province": "jiangsu", "kind": "etdz"}
    data = client.get("/api/zones/", params).json()
    expected = ZoneFilter(QueryDict(urlencode(params)), queryset=Zone.objects.all()).qs
    assert [row["slug"] for row in data["results"]] == [zone.slug for zone in expected] == ["sip"]
    assert data["count"] == 1
    row = data["results"][0]
    assert row["province"] == "jiangsu"
    assert row["industries"] == ["sei2018-1"]
    assert row["sources"] == ["https://example.org/gbt37028"]
    assert row["page"].endswith(atlas["zones"][0].get_absolute_url())
    # The 2018 catalogue's facts, and whose point the location is.
    assert (row["catalogue_code"], row["catalogue_approved"], row["area_ha"]) == (
        "G321090",
        "1994-02/1994-05",
        "27800.00",
    )
    assert row["leading_industries"] == ["电子信息", "装备制造"]
    assert (row["location_basis"], row["location_approximate"]) == ("catalogue", False)
    other = client.get("/api/zones/ningbo-etdz/").json()
    assert (other["catalogue_code"], other["area_ha"], other["leading_industries"]) == (None, None, [])


def test_enterprise_filters_and_search(client, atlas):
    data = client.get("/api/enterprises/", {"zone": "sip"}).json()
    assert [row["slug"] for row in data["results"]] == ["hyc"]
    row = data["results"][0]
    assert row["zone"] == "32101004"
    # The company profile, and the evidence for a zone link derived from the address.
    assert (row["prefecture"], row["registered_address"], row["address_year"]) == (
        "3205",
        "苏州工业园区唯亭镇",
        2024,
    )
    assert row["address_source"] == "https://example.org/gbt37028"
    assert (row["employees"], row["registered_capital"], row["main_business"]) == (
        1200,
        "40000.0000",
        "检测设备",
    )
    assert (row["zone_basis"], row["zone_method"], row["zone_matched_text"]) == (
        "address",
        "zone-name",
        "苏州工业园区",
    )
    assert row["office_address"] is None and row["introduction"] is None
    assert client.get("/api/enterprises/", {"board": "chinext"}).json()["count"] == 1


@pytest.mark.parametrize(
    "params",
    [{"province": "atlantis"}, {"approved_from": "abc"}, {"sort": "evil"}, {"kind": "x" * 5000}],
)
def test_a_bad_filter_value_is_a_400_saying_which(client, atlas, params):
    response = client.get("/api/zones/", params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_pages_and_page_size(client, atlas):
    data = client.get("/api/zones/", {"page_size": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]
    assert client.get("/api/zones/", {"page": 99}).status_code == 404


def test_the_api_is_read_only(client, atlas):
    assert client.post("/api/zones/", {"slug": "new"}).status_code == 405
    assert client.delete("/api/zones/sip/").status_code == 405
    assert Zone.objects.count() == 3


def test_anonymous_clients_are_throttled_with_retry_after(client, atlas, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    answers = [client.get("/api/zones/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert "throttled" in answers[-1].json()["detail"].lower()


def test_the_api_page_states_the_rate(client, settings):
    response = client.get(reverse("api:home"))
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]
    assert rate in response.content.decode()
    assert 'href="/api/schema/"' in response.content.decode()


def test_docs_pages_load_nothing_from_elsewhere(client):
    for name in ("api:docs",):
        html = client.get(reverse(name)).content.decode()
        assert "static/drf_spectacular_sidecar" in html, name
        assert "googleapis" not in html and "cdn." not in html and "unpkg" not in html, name
        assert "<script>" not in html, name  # no inline script (Content-Security-Policy)


@pytest.mark.parametrize("name", ["zone", "enterprise", "industry", "policy"])
def test_list_queries_do_not_grow_with_rows(client, atlas, name):
    source = SourceFactory()
    url = reverse(f"api:{name}-list")
    small = count_queries(client, url)
    for _ in range(20):
        if name == "zone":
            ZoneFactory(province=atlas["zones"][0].province).sources.add(source)
        elif name == "enterprise":
            zone = atlas["zones"][0]
            EnterpriseFactory(
                zone=zone, prefecture=zone.prefecture, address_source=SourceFactory()
            ).sources.add(source)
        elif name == "industry":
            IndustryFactory(parent=atlas["industry"], level=2).sources.add(source)
        else:
            PolicyDocumentFactory().sources.add(source)
    assert count_queries(client, url) == small


@pytest.mark.parametrize("name", ["zone", "enterprise", "policy"])
def test_row_queries_do_not_grow_with_its_links(client, atlas, name):
    row = {"zone": atlas["zones"][0], "enterprise": atlas["enterprises"][0]}.get(name)
    if row is None:
        row = PolicyDocumentFactory()
    url = reverse(f"api:{name}-detail", kwargs={"slug": row.slug})
    small = count_queries(client, url)
    for _ in range(10):
        row.sources.add(SourceFactory())
    if name != "policy":
        row.industries.add(*[IndustryFactory() for _ in range(10)])
    assert count_queries(client, url) == small
