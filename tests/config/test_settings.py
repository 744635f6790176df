"""Settings that only matter outside a developer's machine."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks.security.base import check_secret_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif("DJANGO_SECRET_KEY" in os.environ, reason="a real key is set")
def test_the_development_key_is_flagged_by_the_deploy_check():
    assert [warning.id for warning in check_secret_key(None)] == ["security.W009"]
    assert settings.SECRET_KEY.startswith("django-insecure-")


def test_redis_url_gives_a_working_shared_cache():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    script = (
        "import django; django.setup(); from django.core.cache import caches; cache = caches['default']; "
        "cache.set('za-settings-test', 42, 5); print(type(cache).__name__, cache.get('za-settings-test'))"
    )
    env = {**os.environ, "REDIS_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.stdout.split()[-2:] == ["FaultTolerantRedisCache", "42"], out.stderr
