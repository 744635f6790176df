"""The home page runs the same number of queries with 1 zone and with 50 (no N+1)."""

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
    PolicyDocumentFactory,
    ProvinceFactory,
    StatisticFactory,
    ZoneFactory,
)
from tests.querycount import grow
from zones.models import Zone

pytestmark = pytest.mark.django_db


def test_home(client, province):
    def make(n, _=None):
        for _i in range(n):
            zone = ZoneFactory(province=ProvinceFactory(), kind=Zone.Kind.values[_i % 5])
            EnterpriseFactory(zone=zone)
            PolicyDocumentFactory()
        StatisticFactory(year=2000 + n)
        return None

    small, large = grow(make, client, lambda _: reverse("home"))
    assert small == large
