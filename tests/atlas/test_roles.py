"""Roles: the groups exist after migrate, the command is idempotent, and the public never gets in."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from atlas.roles import MINISTRY_EDITORS, ZONE_EDITORS, is_zone_restricted, setup_roles

pytestmark = pytest.mark.django_db


def _perms(name):
    return set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))


def test_migrate_created_both_groups():
    """The test database is built by `migrate`, so the post_migrate receiver has already run."""
    ministry = _perms(MINISTRY_EDITORS)
    assert {
        ("zones", "change_zone"),
        ("enterprises", "delete_enterprise"),
        ("policies", "add_measure"),
        ("imports", "add_importbatch"),
        ("imports", "change_importbatch"),
    } <= ministry
    zone_editors = _perms(ZONE_EDITORS)
    assert ("zones", "change_zone") in zone_editors
    assert ("enterprises", "add_enterprise") in zone_editors
    assert ("zones", "add_zone") not in zone_editors
    assert ("zones", "delete_zone") not in zone_editors
    assert ("policies", "change_policydocument") not in zone_editors
    assert ("imports", "change_importbatch") not in zone_editors  # no rollback


def test_setup_roles_command_is_idempotent(capsys):
    Group.objects.get(name=ZONE_EDITORS).permissions.clear()  # drift is put right
    call_command("setup_roles")
    first = {name: _perms(name) for name in (MINISTRY_EDITORS, ZONE_EDITORS)}
    call_command("setup_roles")
    assert {name: _perms(name) for name in first} == first
    assert Group.objects.filter(name__in=first).count() == 2
    assert setup_roles()[ZONE_EDITORS] == len(first[ZONE_EDITORS]) == 15
    assert "Zone editors: 15 permissions" in capsys.readouterr().out


def test_who_is_restricted(superuser, ministry_editor, zone_editor, plain_user):
    assert not is_zone_restricted(superuser)
    assert not is_zone_restricted(ministry_editor)
    assert is_zone_restricted(zone_editor)
    assert is_zone_restricted(plain_user)


@pytest.mark.parametrize("url", ["/admin/", "/admin/zones/zone/", "/admin/imports/importbatch/upload/"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["/admin/", "/admin/zones/zone/", "/admin/enterprises/enterprise/"])
def test_non_staff_users_have_no_admin(login, plain_user, url):
    response = login(plain_user).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_index_links_the_public_site_and_import(login, ministry_editor):
    response = login(ministry_editor).get("/admin/")
    html = response.content.decode()
    assert "Zone Atlas administration" in html
    assert 'href="/"' in html
    assert "/admin/imports/importbatch/upload/" in html
