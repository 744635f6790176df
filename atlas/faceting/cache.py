"""A short-lived cache of facet counts and list totals, under a data version any atlas write bumps.

Facet counts and list totals scan the filtered table; at 100,000 enterprises that is tens of
milliseconds per aggregate. They are cached for ATLAS_FACET_CACHE_SECONDS (default 60; 0 in tests)
under a data version that any save/delete/M2M change of the atlas apps bumps, so an edit shows at
once in this process; other processes (or a locmem cache per worker) see it within the timeout.
Bulk paths that send no signals (COPY, bulk_create) call ``facet_cache_clear()`` when done.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# "imports": the pipeline writes with COPY (no signals) and then saves its ImportBatch, which clears.
ATLAS_APPS = {"zones", "imports", "enterprises", "policies"}
_VERSION_KEY = "atlas:facets:version"


def _cache_seconds() -> int:
    return settings.ATLAS_FACET_CACHE_SECONDS


def facet_cache_clear() -> None:
    """Make every cached facet count and total stale (call after writes that send no signals)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def _cached(prefix: str, db: str, sql: str, params, compute):
    """``compute()``, cached under the data version and a digest of the SQL it runs."""
    seconds = _cache_seconds()
    if not seconds:
        return compute()
    version = cache.get_or_set(_VERSION_KEY, 1, None)
    digest = hashlib.sha256(f"{db}|{sql}|{params!r}".encode()).hexdigest()
    key = f"atlas:{prefix}:{version}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_rows(qs) -> list:
    """``list(qs)``, cached; qs must be a values()/values_list() aggregate."""
    if not _cache_seconds():
        return list(qs)
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # e.g. a base queryset that is .none(): nothing to count
        return []
    return _cached("rows", qs.db, sql, params, lambda: list(qs))


def cached_count(qs) -> int:
    """``qs.count()``, cached like facet counts (for list totals and paginators)."""
    if not _cache_seconds():
        return qs.count()
    try:
        sql, params = qs.order_by().query.sql_with_params()
    except EmptyResultSet:
        return 0
    return _cached("count", qs.db, sql, params, qs.count)


def cached_raw(sql: str, params, db: str) -> list:
    """Rows of a raw aggregate, cached like ``cached_rows`` under the same data version."""

    def fetch():
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return _cached("grouped", db, sql, params, fetch)


def _data_changed(sender, **kwargs):
    if sender._meta.app_label in ATLAS_APPS:
        # Now, and again once the transaction commits: a request between the two could otherwise
        # cache pre-commit counts under the new version. (Import batches are saved when an import
        # or rollback finishes, so bulk imports invalidate through this too.)
        facet_cache_clear()
        pending = transaction.get_connection().run_on_commit
        if not (pending and pending[-1][1] is facet_cache_clear):  # one callback for a run of saves
            transaction.on_commit(facet_cache_clear)


post_save.connect(_data_changed, dispatch_uid="atlas-facets-save")
post_delete.connect(_data_changed, dispatch_uid="atlas-facets-delete")
m2m_changed.connect(_data_changed, dispatch_uid="atlas-facets-m2m")
