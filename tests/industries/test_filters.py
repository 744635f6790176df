"""IndustryFilter tested directly: scheme facet, search, bad values."""

import pytest
from django.http import QueryDict

from industries.filters import IndustryFilter
from tests.factories import IndustryFactory
from tests.pages import counts
from zones.models import Industry

pytestmark = pytest.mark.django_db


def test_industry_filter_scheme_and_search():
    IndustryFactory(scheme=Industry.Scheme.SEI_2018, code="1", name_zh="新一代信息技术产业", slug="sei2018-1")
    IndustryFactory(
        scheme=Industry.Scheme.GBT_4754, code="65", name_zh="软件和信息技术服务业", slug="gbt4754-65"
    )
    qs = Industry.objects.tree_nodes()
    gbt = IndustryFilter(QueryDict("scheme=gbt4754"), queryset=qs)
    assert [i.code for i in gbt.qs] == ["65"]
    # A facet: its own counts ignore its selection; the chip names the classification.
    assert counts(gbt, "scheme") == {"sei2018": 1, "gbt4754": 1}
    assert [(c.label, c.value_label) for c in gbt.active] == [
        ("Classification", "GB/T 4754-2017 National Industries")
    ]
    assert [i.code for i in IndustryFilter(QueryDict("q=信息技术"), queryset=qs).qs] == ["1", "65"]
    assert counts(IndustryFilter(QueryDict("q=软件"), queryset=qs), "scheme") == {"gbt4754": 1}
    assert [i.code for i in IndustryFilter(QueryDict("scheme=sei2018&scheme=gbt4754"), queryset=qs).qs] == [
        "1",
        "65",
    ]
    bad = IndustryFilter(QueryDict("scheme=naics"), queryset=qs)
    assert len(bad.qs) == 2 and bad.problems[0].name == "scheme"
