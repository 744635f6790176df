"""Admin exports go through the pipeline's resources and honour the changelist's filters and scope."""

import csv
import io

import pytest

from enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def _export(client, url):
    """Open the export page (keeping the changelist's query string), submit its own form as CSV."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data["format"] = next(value for value, label in form.fields["format"].choices if label == "csv")
    response = client.post(url, data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), response
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_respects_the_province_filter(login, ministry_editor, own_enterprise, other_enterprise):
    client = login(ministry_editor)
    rows = _export(client, "/admin/enterprises/enterprise/export/?province__code__exact=32")
    assert [row["name_zh"] for row in rows] == [own_enterprise.name_zh]
    assert rows[0]["zone_code"] == "32101004" and rows[0]["credit_code"] == own_enterprise.credit_code
    everything = _export(client, "/admin/enterprises/enterprise/export/")
    assert {row["name_zh"] for row in everything} == set(Enterprise.objects.values_list("name_zh", flat=True))


def test_zone_export_respects_filters(login, superuser, own_zone, other_zone):
    rows = _export(login(superuser), "/admin/zones/zone/export/?province__code__exact=33")
    assert [row["code"] for row in rows] == [other_zone.code]


def test_zone_editor_export_holds_only_their_rows(login, zone_editor, own_enterprise, other_enterprise):
    rows = _export(login(zone_editor), "/admin/enterprises/enterprise/export/")
    assert [row["name_zh"] for row in rows] == [own_enterprise.name_zh]


def test_changelist_offers_export_with_its_filters(login, ministry_editor, own_enterprise):
    html = (
        login(ministry_editor).get("/admin/enterprises/enterprise/?province__code__exact=32").content.decode()
    )
    assert "/admin/enterprises/enterprise/export/?province__code__exact=32" in html
