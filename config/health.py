"""``/healthz`` for load balancers: the process answers and its database is reachable."""

import logging

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 {"status": "ok"} when every configured database answers ``SELECT 1``, else 503 naming it.

    The cache is not checked: pages work without it (config.cache), so a Redis outage must not take
    every server out of the balancer."""
    failed = []
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            logger.error("health check: database %s unreachable: %s", alias, error)
            failed.append(alias)
    if failed:
        return JsonResponse({"status": "unavailable", "databases_down": failed}, status=503)
    return JsonResponse({"status": "ok"})
