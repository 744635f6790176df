"""Every admin write path checks the row as stored now and as it will be, for every zone-scoped model.

The zone-editor "Revert" escape (an old version still naming the editor's zone) was closed for
enterprises on main; these tests hold the same line for statistics, shared sources and import rollback.
"""

import pytest
from django.contrib.auth.models import Permission

from enterprises.models import Enterprise
from imports.models import ImportBatch
from tests.factories import SourceFactory, valid_credit_code
from zones.models import Source, ZoneStatistic

from .test_admin_rollback import _import

pytestmark = pytest.mark.django_db


def _version_data(version):
    """What a crafted POST to a history "Revert" page sends: the old version's own field values."""
    instance = version.instance
    return {
        field.name: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if getattr(instance, field.attname) not in (None, False)
    }


def test_revert_cannot_take_back_a_statistic_moved_to_another_zone(
    login, zone_editor, own_statistic, other_zone
):
    old_version = own_statistic.history.latest()
    own_statistic.zone = other_zone
    own_statistic.value = 7
    own_statistic.save()

    client = login(zone_editor)
    url = f"/admin/zones/zonestatistic/{own_statistic.pk}/history/{old_version.history_id}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {**_version_data(old_version), "value": "1"}).status_code == 403
    own_statistic.refresh_from_db()
    assert (own_statistic.zone, own_statistic.value) == (other_zone, 7)


def test_revert_cannot_turn_national_figures_into_the_editors(login, zone_editor, own_statistic):
    """A statistic made national (no zone) since is the ministry's now, even if it once was the editor's."""
    old_version = own_statistic.history.latest()
    ZoneStatistic.objects.filter(pk=own_statistic.pk).update(zone=None)
    client = login(zone_editor)
    url = f"/admin/zones/zonestatistic/{own_statistic.pk}/history/{old_version.history_id}/"
    assert client.post(url, _version_data(old_version)).status_code == 403
    assert ZoneStatistic.objects.get(pk=own_statistic.pk).zone is None


def test_zone_editors_cannot_add_change_or_revert_shared_sources(login, zone_editor):
    source = SourceFactory(title="National Bureau of Statistics")
    old_version = source.history.latest()
    source.title = "renamed by the ministry"
    source.save()
    client = login(zone_editor)
    data = {"url": "https://example.org/mine", "title": "Mine", "publisher": "me"}
    assert client.post("/admin/zones/source/add/", data).status_code == 403
    assert client.post(f"/admin/zones/source/{source.pk}/change/", data).status_code == 403
    revert = f"/admin/zones/source/{source.pk}/history/{old_version.history_id}/"
    assert client.post(revert, _version_data(old_version)).status_code == 403
    assert client.post(f"/admin/zones/source/{source.pk}/delete/", {"post": "yes"}).status_code == 403
    assert list(Source.objects.values_list("title", flat=True)) == ["renamed by the ministry"]


def test_rollback_is_refused_to_zone_editors_even_when_granted_the_permission(
    login, zone_editor, own_zone, other_zone
):
    """Rolling back restores rows whatever zone they are in now (an enterprise the batch created may
    since have moved to another zone), so it stays a ministry task even if someone grants a zone editor
    ``change_importbatch`` by hand."""
    zone_editor.user_permissions.add(Permission.objects.get(codename="change_importbatch"))
    client = login(zone_editor)
    batch = _import(client, [f"乙公司,B Co.,{valid_credit_code(880013)},{own_zone.code},32"])
    assert batch.status == ImportBatch.Status.IMPORTED
    Enterprise.objects.filter(name_zh="乙公司").update(zone=other_zone, province=other_zone.province)

    assert client.post(f"/admin/imports/importbatch/{batch.pk}/rollback/", {"force": "1"}).status_code == 403
    assert Enterprise.objects.filter(name_zh="乙公司", zone=other_zone).exists()
    detail = client.get(f"/admin/imports/importbatch/{batch.pk}/change/").content.decode()
    assert "/rollback/" not in detail


def test_view_permission_alone_cannot_revert_an_industry(login, zone_editor):
    """Zone editors may view industries; simple_history's Revert POST used to save with view rights."""
    from tests.factories import IndustryFactory

    industry = IndustryFactory(name_en="Manufacturing")
    old_version = industry.history.latest()
    industry.name_en = "Manufacturing (renamed)"
    industry.save()
    client = login(zone_editor)
    url = f"/admin/zones/industry/{industry.pk}/history/{old_version.history_id}/"
    assert client.get(url).status_code == 200  # viewing an old version is still allowed
    assert client.post(url, _version_data(old_version)).status_code == 403
    industry.refresh_from_db()
    assert industry.name_en == "Manufacturing (renamed)"
