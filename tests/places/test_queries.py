"""The province page runs the same number of queries with 1 zone and with 50 (no N+1)."""

import pytest

from tests.factories import (
    EnterpriseFactory,
    PrefectureFactory,
    ZoneFactory,
)
from tests.querycount import grow
from zones.models import Zone

pytestmark = pytest.mark.django_db


def test_province_page(client, province):
    def make(n, _=None):
        for _i in range(n):
            ZoneFactory(province=province, kind=Zone.Kind.values[_i % 5])
            PrefectureFactory(province=province)
            EnterpriseFactory(province=province)
        return province

    small, large = grow(make, client, lambda p: p.get_absolute_url())
    assert small == large
