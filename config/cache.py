"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Django's RedisCache raises on a refused or timed-out connection, which would turn every page that reads
the cache into a 500 during a Redis restart. Here a failed call logs a warning and behaves like a miss
(reads return the default, writes store nothing), so pages are served uncached until Redis is back.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _or_miss(miss):
    """Wrap a cache method so that a Redis error returns ``miss(*args, **kwargs)`` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("cache unavailable, serving uncached (%s: %s)", type(error).__name__, error)
                return miss(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _missing_key(*args, **kwargs):
    # incr() on a key that is not there raises ValueError; callers already handle that.
    raise ValueError("cache unavailable")


class FaultTolerantRedisCache(RedisCache):
    get = _or_miss(_default)(RedisCache.get)
    get_many = _or_miss(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _or_miss(lambda *a, **k: False)(RedisCache.has_key)
    set = _or_miss(lambda *a, **k: None)(RedisCache.set)
    add = _or_miss(lambda *a, **k: False)(RedisCache.add)
    touch = _or_miss(lambda *a, **k: False)(RedisCache.touch)
    delete = _or_miss(lambda *a, **k: False)(RedisCache.delete)
    set_many = _or_miss(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _or_miss(lambda *a, **k: None)(RedisCache.delete_many)
    incr = _or_miss(_missing_key)(RedisCache.incr)
    clear = _or_miss(lambda *a, **k: False)(RedisCache.clear)
