"""Whole-page caching is exactly as fresh as the data: a committed write changes every page's key."""

import pytest

from atlas.facet_index import served_stale
from tests.factories import EnterpriseFactory, ZoneFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    from django.core.cache import cache

    settings.ATLAS_PAGE_CACHE = True
    cache.clear()


def test_a_page_is_served_from_the_cache_until_any_write_commits(client):
    zone = ZoneFactory(name_en="Suzhou Industrial Park")
    first = client.get("/en/zones/")
    assert first["X-Page-Cache"] == "miss"
    second = client.get("/en/zones/")
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Security-Policy"] and second["Content-Type"].startswith("text/html")

    zone.name_en = "SIP renamed"  # a column the facet index does not copy: the public version moves anyway
    zone.save()
    third = client.get("/en/zones/")
    assert third["X-Page-Cache"] == "miss"
    assert "SIP renamed" in third.content.decode() and "Suzhou Industrial Park" not in third.content.decode()


def test_the_key_holds_the_full_url_and_the_language(client):
    ZoneFactory()
    assert client.get("/en/zones/?kind=etdz")["X-Page-Cache"] == "miss"
    assert client.get("/en/zones/?kind=hidz")["X-Page-Cache"] == "miss"
    assert client.get("/en/zones/?kind=etdz")["X-Page-Cache"] == "hit"
    # The same filters in the other language: another page, another key.
    chinese = client.get("/zh-hans/zones/?kind=etdz")
    assert chinese["X-Page-Cache"] == "miss" and chinese["Content-Language"] == "zh-hans"


def test_staff_and_errors_and_the_admin_are_never_cached(client, django_user_model):
    ZoneFactory()
    assert client.get("/en/zones/no-such-zone/").status_code == 404
    assert "X-Page-Cache" not in client.get("/en/zones/no-such-zone/")
    assert "X-Page-Cache" not in client.get("/healthz")
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert "X-Page-Cache" not in client.get("/en/zones/")


def test_a_page_rendered_from_a_stale_index_is_not_kept(client, monkeypatch):
    """While the facet index rebuilds, pages show the previous counts; such a page must not be stored
    under the new data version."""
    EnterpriseFactory()
    import enterprises.views

    original = enterprises.views.EnterpriseListView.get_context_data

    def stale(self, **kwargs):
        served_stale.set(True)
        return original(self, **kwargs)

    monkeypatch.setattr(enterprises.views.EnterpriseListView, "get_context_data", stale)
    assert "X-Page-Cache" not in client.get("/en/enterprises/")
    monkeypatch.undo()
    assert client.get("/en/enterprises/")["X-Page-Cache"] == "miss"
    assert client.get("/en/enterprises/")["X-Page-Cache"] == "hit"


def test_without_a_data_version_nothing_is_cached(client, monkeypatch):
    import config.page_cache

    monkeypatch.setattr(config.page_cache, "database_version", lambda using="default": None)
    ZoneFactory()
    assert "X-Page-Cache" not in client.get("/en/zones/")


@pytest.mark.parametrize("write", ["policy", "statistic", "industry link"])
def test_writes_to_any_public_table_change_the_version(write):
    from atlas.data_versions import database_version
    from tests.factories import IndustryFactory, PolicyDocumentFactory, StatisticFactory

    zone = ZoneFactory()
    before = database_version()
    {
        "policy": lambda: PolicyDocumentFactory(),
        "statistic": lambda: StatisticFactory(zone=zone),
        "industry link": lambda: zone.industries.add(IndustryFactory()),
    }[write]()
    assert database_version() not in (None, before)


def test_a_page_holding_a_csrf_token_is_not_kept(client, monkeypatch):
    """Another visitor would get a form whose token matches none of their cookies."""
    from django.middleware.csrf import get_token

    import zones.views

    ZoneFactory()
    original = zones.views.ZoneListView.get_context_data

    def with_form(self, **kwargs):
        get_token(self.request)  # what {% csrf_token %} does
        return original(self, **kwargs)

    monkeypatch.setattr(zones.views.ZoneListView, "get_context_data", with_form)
    assert "X-Page-Cache" not in client.get("/en/zones/")
    assert "X-Page-Cache" not in client.get("/en/zones/")
