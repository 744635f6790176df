"""Every changelist opens; search and filters pick the right rows; queries do not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imports.models import ImportBatch, ImportChange
from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    PrefectureFactory,
    ProvinceFactory,
    SourceFactory,
    StatisticFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


def _batch(n):
    batch = ImportBatch.objects.create(
        kind="zones", file_name=f"file{n}.csv", file_sha256="ab" * 32, status=ImportBatch.Status.IMPORTED
    )
    ImportChange.objects.create(batch=batch, model="zones.zone", object_pk=str(n), action="created")
    return batch


# url, how to make one row, a search that finds exactly the marked row, a filter query string
CASES = {
    "source": ("/admin/zones/source/", lambda n: SourceFactory(title=f"Source {n}")),
    "province": ("/admin/zones/province/", lambda n: ProvinceFactory()),
    "prefecture": ("/admin/zones/prefecture/", lambda n: PrefectureFactory()),
    "industry": ("/admin/zones/industry/", lambda n: IndustryFactory(parent=IndustryFactory())),
    "zone": ("/admin/zones/zone/", lambda n: ZoneFactory()),
    "statistic": (
        "/admin/zones/zonestatistic/",
        lambda n: StatisticFactory(zone=ZoneFactory(), year=2000 + n),
    ),
    "enterprise": ("/admin/enterprises/enterprise/", lambda n: EnterpriseFactory(zone=ZoneFactory())),
    "policy": ("/admin/policies/policydocument/", lambda n: PolicyDocumentFactory()),
    "measure": ("/admin/policies/measure/", lambda n: MeasureFactory()),
    "batch": ("/admin/imports/importbatch/", _batch),
    "change": ("/admin/imports/importchange/", lambda n: _batch(n).changes.get()),
}


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", CASES)
def test_changelist_queries_do_not_grow_with_rows(login, superuser, name):
    url, make = CASES[name]
    client = login(superuser)
    make(0)
    client.get(url)  # warm caches (content types, sessions)
    one = _queries(client, url)
    for n in range(1, 50):
        make(n)
    assert _queries(client, url) == one


def _names(response):
    return [str(obj) for obj in response.context["cl"].result_list]


def test_zone_search_by_code_and_chinese_name(login, superuser, own_zone, other_zone):
    client = login(superuser)
    assert _names(client.get("/admin/zones/zone/", {"q": "32101004"})) == [str(own_zone)]
    assert _names(client.get("/admin/zones/zone/", {"q": "工业园区"})) == [str(own_zone)]


def test_zone_filters_by_province_code_and_kind(login, superuser, own_zone, other_zone):
    client = login(superuser)
    assert _names(client.get("/admin/zones/zone/", {"province__code__exact": "32"})) == [str(own_zone)]
    other_zone.kind = "high-tech"
    other_zone.save()
    assert _names(client.get("/admin/zones/zone/", {"kind__exact": "high-tech"})) == [str(other_zone)]


def test_enterprise_search_and_filters(login, superuser, own_enterprise, other_enterprise):
    client = login(superuser)
    assert _names(client.get("/admin/enterprises/enterprise/", {"q": own_enterprise.credit_code})) == [
        own_enterprise.name_zh
    ]
    assert _names(client.get("/admin/enterprises/enterprise/", {"q": "华亚"})) == [own_enterprise.name_zh]
    by_province = client.get("/admin/enterprises/enterprise/", {"province__code__exact": "33"})
    assert _names(by_province) == [other_enterprise.name_zh]
    by_zone = client.get("/admin/enterprises/enterprise/", {"zone__id__exact": own_enterprise.zone_id})
    assert _names(by_zone) == [own_enterprise.name_zh]


def test_other_models_search_and_filter(login, superuser):
    client = login(superuser)
    source = SourceFactory(title="国办函〔2024〕83号 letter", publisher="State Council")
    SourceFactory(title="Other")
    assert _names(client.get("/admin/zones/source/", {"q": "83号"})) == [str(source)]
    assert _names(client.get("/admin/zones/source/", {"publisher": "State Council"})) == [str(source)]
    jiangsu = ProvinceFactory(code="32", name_zh="江苏省", name_en="Jiangsu", slug="jiangsu")
    ProvinceFactory(code="33", name_zh="浙江省", name_en="Zhejiang", slug="zhejiang")
    assert _names(client.get("/admin/zones/province/", {"q": "江苏"})) == [str(jiangsu)]
    suzhou = PrefectureFactory(province=jiangsu, code="3205", name_zh="苏州市", name_en="Suzhou")
    PrefectureFactory(code="3301", province=ProvinceFactory(code="33"))
    assert _names(client.get("/admin/zones/prefecture/", {"province__code__exact": "32"})) == [str(suzhou)]
    gb = IndustryFactory(scheme="gbt4754", code="C39", name_en="Computers", name_zh="计算机")
    IndustryFactory(code="1.2", name_en="Next-generation IT")
    assert _names(client.get("/admin/zones/industry/", {"scheme__exact": "gbt4754"})) == [str(gb)]
    assert _names(client.get("/admin/zones/industry/", {"q": "计算机"})) == [str(gb)]
    stat = StatisticFactory(zone=None, year=2024, indicator="gdp")
    StatisticFactory(zone=None, year=2023, indicator="zone_count")
    assert _names(client.get("/admin/zones/zonestatistic/", {"indicator__exact": "gdp"})) == [str(stat)]
    policy = PolicyDocumentFactory(document_number="国办函〔2024〕83号", status="in-force")
    PolicyDocumentFactory()
    assert _names(client.get("/admin/policies/policydocument/", {"q": "83号"})) == [str(policy)]
    assert _names(client.get("/admin/policies/policydocument/", {"status__exact": "in-force"})) == [
        str(policy)
    ]
    measure = MeasureFactory(document=policy, category="tax", text="Tax incentives for high-tech firms")
    MeasureFactory()
    assert _names(client.get("/admin/policies/measure/", {"category__exact": "tax"})) == [str(measure)]
    assert _names(client.get("/admin/policies/measure/", {"q": "83号"})) == [str(measure)]


def test_change_forms_open_with_inlines_and_view_on_site(login, superuser, own_zone, own_statistic):
    client = login(superuser)
    source = SourceFactory()
    own_zone.sources.add(source)
    response = client.get(f"/admin/zones/zone/{own_zone.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "statistics-TOTAL_FORMS" in html  # the statistics inline
    assert "Zone_sources" in html  # the sources inline through the M2M table
    # Its rows' generated names ("Zone_sources object (1)") are hidden by the admin stylesheet.
    assert 'class="module zone-sources' in html and "css/admin.css" in html
    assert f"/admin/r/{response.context['content_type_id']}/{own_zone.pk}/" in html  # "View on site"
    policy = PolicyDocumentFactory()
    MeasureFactory(document=policy)
    response = client.get(f"/admin/policies/policydocument/{policy.pk}/change/")
    assert "measures-TOTAL_FORMS" in response.content.decode()
    # The "view on site" shortcut resolves to the public page.
    assert client.get(f"/admin/r/{response.context['content_type_id']}/{policy.pk}/")["Location"].endswith(
        f"/policies/{policy.slug}/"
    )


def test_history_page_shows_who_and_the_diff(login, superuser, own_zone):
    client = login(superuser)
    data = client.get(f"/admin/zones/zone/{own_zone.pk}/change/").context["adminform"].form.initial
    assert data  # the form opens
    own_zone.name_en = "Suzhou Industrial Park (SIP)"
    own_zone._history_user = superuser
    own_zone.save()
    html = client.get(f"/admin/zones/zone/{own_zone.pk}/history/").content.decode()
    assert "root" in html  # who
    assert "Suzhou Industrial Park (SIP)" in html and "Suzhou Industrial Park" in html  # old → new
    assert "&rarr;" in html or "→" in html
