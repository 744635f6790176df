"""A zone editor sees and changes only their zones, those zones' statistics and enterprises; nothing else."""

import pytest

from enterprises.models import Enterprise
from zones.models import Zone, ZoneStatistic

pytestmark = pytest.mark.django_db


def _results(response):
    return list(response.context["cl"].result_list)


def test_lists_show_only_own_rows(
    login, zone_editor, own_zone, other_zone, own_enterprise, other_enterprise, own_statistic, other_statistic
):
    client = login(zone_editor)
    assert _results(client.get("/admin/zones/zone/")) == [own_zone]
    assert _results(client.get("/admin/enterprises/enterprise/")) == [own_enterprise]
    assert _results(client.get("/admin/zones/zonestatistic/")) == [own_statistic]
    # A search or filter cannot reach past the scope either.
    assert _results(client.get("/admin/zones/zone/", {"q": other_zone.code})) == []
    assert _results(client.get("/admin/zones/zone/", {"province__code__exact": "33"})) == []


def test_direct_url_to_another_zone_does_not_show_its_form(login, zone_editor, own_zone, other_zone):
    client = login(zone_editor)
    assert client.get(f"/admin/zones/zone/{own_zone.pk}/change/").status_code == 200
    response = client.get(f"/admin/zones/zone/{other_zone.pk}/change/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert other_zone.name_zh not in client.get("/admin/").content.decode()
    # Nor its history (simple_history looks objects up in the history table, not the queryset).
    assert client.get(f"/admin/zones/zone/{other_zone.pk}/history/").status_code in (302, 403, 404)
    assert client.get(f"/admin/zones/zone/{own_zone.pk}/history/").status_code == 200
    # Zone editors add no zones and delete none.
    assert client.get("/admin/zones/zone/add/").status_code == 403
    assert client.get(f"/admin/zones/zone/{own_zone.pk}/delete/").status_code == 403


def test_direct_url_to_another_zones_enterprise_and_statistic(
    login, zone_editor, own_enterprise, other_enterprise, own_statistic, other_statistic
):
    client = login(zone_editor)
    assert client.get(f"/admin/enterprises/enterprise/{own_enterprise.pk}/change/").status_code == 200
    assert client.get(f"/admin/enterprises/enterprise/{other_enterprise.pk}/change/").status_code == 302
    assert client.get(f"/admin/zones/zonestatistic/{own_statistic.pk}/change/").status_code == 200
    assert client.get(f"/admin/zones/zonestatistic/{other_statistic.pk}/change/").status_code == 302


def _form_data(response):
    """The change form's own initial data, inlines included, as a POST would send it."""
    data = {}
    forms = [response.context["adminform"].form]
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        forms.extend(formset.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if hasattr(value, "pk"):
                value = value.pk
            if isinstance(value, list):
                value = [getattr(v, "pk", v) for v in value]
            if value is None:
                value = ""
            if isinstance(value, bool) and not value:
                continue
            data[form.add_prefix(name)] = value
    return data


def test_post_moving_an_enterprise_into_another_zone_is_rejected(
    login, zone_editor, own_enterprise, other_zone
):
    client = login(zone_editor)
    url = f"/admin/enterprises/enterprise/{own_enterprise.pk}/change/"
    data = _form_data(client.get(url))
    data["zone"] = other_zone.pk
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with an error
    assert "zone" in response.context["adminform"].form.errors
    own_enterprise.refresh_from_db()
    assert own_enterprise.zone_id != other_zone.pk
    # Emptying the zone would take the enterprise out of the editor's reach: also refused.
    data["zone"] = ""
    assert "zone" in client.post(url, data).context["adminform"].form.errors


def test_adding_an_enterprise_into_another_zone_is_rejected(login, zone_editor, own_zone, other_zone):
    client = login(zone_editor)
    data = {
        "name_zh": "新公司",
        "slug": "new-company",
        "zone": other_zone.pk,
        "industries": [],
        "sources": [],
    }
    response = client.post("/admin/enterprises/enterprise/add/", data)
    assert "zone" in response.context["adminform"].form.errors
    assert not Enterprise.objects.filter(slug="new-company").exists()
    data["zone"] = own_zone.pk
    response = client.post("/admin/enterprises/enterprise/add/", data)
    assert response.status_code == 302
    assert Enterprise.objects.get(slug="new-company").zone == own_zone


def test_post_to_another_zones_change_url_changes_nothing(
    login, zone_editor, own_zone, other_zone, other_enterprise
):
    client = login(zone_editor)
    data = _form_data(client.get(f"/admin/zones/zone/{own_zone.pk}/change/"))
    data["name_en"] = "Hijacked"
    response = client.post(f"/admin/zones/zone/{other_zone.pk}/change/", data)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    other_zone.refresh_from_db()
    assert other_zone.name_en != "Hijacked"
    response = client.post(
        f"/admin/enterprises/enterprise/{other_enterprise.pk}/change/", {"name_en": "Hijacked"}
    )
    assert response.status_code == 302
    other_enterprise.refresh_from_db()
    assert other_enterprise.name_en != "Hijacked"


def test_zone_editor_can_change_own_zone_but_not_its_editors(login, zone_editor, own_zone, ministry_editor):
    client = login(zone_editor)
    url = f"/admin/zones/zone/{own_zone.pk}/change/"
    data = _form_data(client.get(url))
    data["name_en"] = "Suzhou Industrial Park (SIP)"
    data["editors"] = [zone_editor.pk, ministry_editor.pk]  # tampering: ignored, the field is read-only
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    own_zone.refresh_from_db()
    assert own_zone.name_en == "Suzhou Industrial Park (SIP)"
    assert list(own_zone.editors.all()) == [zone_editor]
    assert own_zone.history.first().history_user == zone_editor


def test_statistic_of_another_zone_cannot_be_added(login, zone_editor, own_zone, other_zone):
    client = login(zone_editor)
    source = own_zone.province  # any object: the source is required; use a real Source below
    from tests.factories import SourceFactory

    source = SourceFactory()
    data = {"zone": other_zone.pk, "year": 2024, "indicator": "gdp", "value": "1", "source": source.pk}
    response = client.post("/admin/zones/zonestatistic/add/", data)
    assert "zone" in response.context["adminform"].form.errors
    data["zone"] = ""  # national figures are for ministry editors only
    assert "zone" in client.post("/admin/zones/zonestatistic/add/", data).context["adminform"].form.errors
    assert not ZoneStatistic.objects.exists()


def test_autocomplete_offers_only_own_zones(login, zone_editor, own_zone, other_zone):
    client = login(zone_editor)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "enterprises", "model_name": "enterprise", "field_name": "zone", "term": ""},
    )
    assert [r["id"] for r in response.json()["results"]] == [str(own_zone.pk)]


def test_zone_editor_cannot_touch_policies_or_roll_back(login, zone_editor):
    client = login(zone_editor)
    assert client.get("/admin/policies/policydocument/").status_code == 403
    assert client.get("/admin/zones/source/add/").status_code == 403


def test_ministry_editor_sees_everything(login, ministry_editor, own_zone, other_zone):
    client = login(ministry_editor)
    assert set(_results(client.get("/admin/zones/zone/"))) == {own_zone, other_zone}
    assert client.get(f"/admin/zones/zone/{other_zone.pk}/change/").status_code == 200
    assert Zone.objects.count() == 2


def test_history_version_of_another_zone_is_refused(login, zone_editor, other_zone):
    version = other_zone.history.first()
    response = login(zone_editor).get(f"/admin/zones/zone/{other_zone.pk}/history/{version.history_id}/")
    assert response.status_code == 403


def test_ministry_editor_assigns_zone_editors(
    login, ministry_editor, zone_editor, own_zone, other_zone, plain_user
):
    client = login(ministry_editor)
    url = f"/admin/zones/zone/{other_zone.pk}/change/"
    page = client.get(url)
    choices = list(page.context["adminform"].form.fields["editors"].queryset)
    assert choices == [zone_editor]  # only members of "Zone editors" are offered
    data = _form_data(page)
    data["editors"] = [zone_editor.pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(zone_editor.edited_zones.all()) == {own_zone, other_zone}
    # The zone editor now reaches the second zone.
    assert login(zone_editor).get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/zones/zone/", "/admin/enterprises/enterprise/", "/admin/zones/zonestatistic/"]
)
def test_scoped_changelists_do_not_grow_queries_with_rows(login, zone_editor, own_zone, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EnterpriseFactory, StatisticFactory, ZoneFactory

    def grow(n):
        zone = ZoneFactory(province=own_zone.province)
        zone.editors.add(zone_editor)
        EnterpriseFactory(zone=zone, province=own_zone.province)
        StatisticFactory(zone=zone, year=1990 + n)

    client = login(zone_editor)
    grow(0)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 30):
        grow(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["cl"].result_count == 30 + (url == "/admin/zones/zone/")
    assert len(many.captured_queries) == len(one.captured_queries)


def test_revert_cannot_take_back_an_enterprise_moved_to_another_zone(
    login, zone_editor, ministry_editor, own_enterprise, other_zone
):
    """The history "Revert" form is built from an old version, which still names the editor's zone."""
    old_version = own_enterprise.history.latest()
    own_enterprise.zone = other_zone
    own_enterprise.province = other_zone.province
    own_enterprise.description = "moved by the ministry"
    own_enterprise._history_user = ministry_editor
    own_enterprise.save()

    client = login(zone_editor)
    url = f"/admin/enterprises/enterprise/{own_enterprise.pk}/history/{old_version.history_id}/"
    assert client.get(url).status_code == 403
    data = _form_data_from_version(old_version)
    data["description"] = "taken back"
    assert client.post(url, data).status_code == 403

    own_enterprise.refresh_from_db()
    assert own_enterprise.zone == other_zone
    assert own_enterprise.description == "moved by the ministry"


def test_revert_of_an_own_row_still_works(login, zone_editor, own_enterprise):
    old_version = own_enterprise.history.latest()
    own_enterprise.description = "edited later"
    own_enterprise.save()
    client = login(zone_editor)
    url = f"/admin/enterprises/enterprise/{own_enterprise.pk}/history/{old_version.history_id}/"
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, _form_data(response))
    assert response.status_code == 302
    own_enterprise.refresh_from_db()
    assert own_enterprise.description == old_version.description


def test_delete_checks_the_stored_row(login, zone_editor, own_enterprise, other_zone):
    Enterprise.objects.filter(pk=own_enterprise.pk).update(zone=other_zone)
    client = login(zone_editor)
    url = f"/admin/enterprises/enterprise/{own_enterprise.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code in (302, 403)
    assert Enterprise.objects.filter(pk=own_enterprise.pk, zone=other_zone).exists()


def _form_data_from_version(version):
    """What a crafted POST to the revert page would send: the old version's own field values."""
    instance = version.instance
    data = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if value is None or value is False:
            continue
        data[field.name] = value
    return data
