"""Public reads go to the replica when one is configured; writes, staff and the admin never do.
(bench/replica.py checks the same against a real streaming replica.)"""

import pytest
from django.test import RequestFactory

from config.routers import PublicReadsMiddleware, PublicReadsRouter, read_alias


def _alias_during(request):
    seen = []
    PublicReadsMiddleware(lambda r: seen.append(read_alias()))(request)
    return seen[0]


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}


def test_anonymous_get_reads_from_the_replica(with_replica, settings):
    rf = RequestFactory()
    assert _alias_during(rf.get("/zones/")) == "replica"
    assert _alias_during(rf.head("/enterprises/")) == "replica"
    assert _alias_during(rf.post("/zones/")) == "default"
    assert _alias_during(rf.get("/admin/zones/zone/")) == "default"
    signed_in = rf.get("/zones/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert _alias_during(signed_in) == "default"
    assert read_alias() == "default"  # outside a request


def test_without_a_replica_everything_reads_the_primary(settings):
    assert "replica" not in settings.DATABASES
    assert _alias_during(RequestFactory().get("/zones/")) == "default"


def test_writes_and_migrations_go_to_the_primary():
    router = PublicReadsRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "zones") and not router.allow_migrate("replica", "zones")
