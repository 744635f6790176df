"""Running like production: a health endpoint, and outages of the cache or a dropped database
connection never turn pages into 500s."""

import pytest
from django.core.cache import caches
from django.db import OperationalError, close_old_connections, connection

from tests.factories import ZoneFactory

REDIS_DOWN = "redis://127.0.0.1:1/5"  # nothing listens on port 1


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_naming_the_database_when_it_does_not_answer(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "databases_down": ["default"]}


def _redis_cache(settings, location, backend="config.cache.FaultTolerantRedisCache"):
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.ATLAS_FACET_CACHE_SECONDS = 60  # so the pages read and write the cache
    return caches["default"]


@pytest.mark.django_db
def test_pages_are_served_uncached_while_redis_is_down(client, settings, caplog):
    ZoneFactory(name_en="Suzhou Industrial Park")
    cache = _redis_cache(settings, REDIS_DOWN)
    assert cache.get("anything", "fallback") == "fallback"
    for path in ("/en/", "/en/zones/", "/en/enterprises/", "/en/policies/", "/en/industries/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Suzhou Industrial Park" in client.get("/en/zones/").content.decode()
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_djangos_own_redis_cache_would_fail_those_pages(settings):
    """Why config.cache exists: the stock backend raises on a refused connection."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    cache = _redis_cache(settings, REDIS_DOWN, backend="django.core.cache.backends.redis.RedisCache")
    with pytest.raises(RedisConnectionError):
        cache.get("anything")


def test_the_fault_tolerant_cache_works_against_a_real_redis(settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    cache = _redis_cache(settings, url)
    cache.set("za-operations-test", 41, 5)
    assert cache.incr("za-operations-test") == 42
    assert cache.get_or_set("za-operations-test", 0) == 42
    cache.delete("za-operations-test")


@pytest.mark.django_db(transaction=True)
def test_a_database_connection_dropped_between_requests_is_replaced(settings):
    """What request_started does before each request (close_old_connections) must notice a connection
    the server dropped -- CONN_HEALTH_CHECKS -- or the next request's first query fails."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a server that can drop a connection")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**{**params, "autocommit": True}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.health_check_done = False  # a new request starts (django.db.close_old_connections)
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
