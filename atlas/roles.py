"""The two editing roles, as Django groups, and the one test of whether a user is limited to their zones.

* **Ministry editors** edit, import, export and roll back everything.
* **Zone editors** see and change only the zones they are assigned through ``Zone.editors``, those
  zones' statistics and the enterprises in those zones; their imports are checked row by row.

Public visitors (anonymous or non-staff users) never reach the admin: Django's admin requires
``is_staff``. The groups are created by ``manage.py setup_roles`` and again after every ``migrate``
(a ``post_migrate`` receiver), so a fresh database always has them. Both are idempotent: each run sets
the groups' permissions to exactly the lists below, so a drifted group is put right.

Permissions are named by app label strings rather than imported models, so ``zones`` still imports
neither ``enterprises`` nor ``policies``.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

MINISTRY_EDITORS = "Ministry editors"
ZONE_EDITORS = "Zone editors"

# Every permission of these apps (their models and their historical models) goes to ministry editors.
# Importing is ``imports.add_importbatch``, rolling back is ``imports.change_importbatch``.
MINISTRY_APPS = ("zones", "imports", "enterprises", "policies")

ZONE_EDITOR_PERMISSIONS = (
    "zones.view_zone",
    "zones.change_zone",
    "zones.view_zonestatistic",
    "zones.change_zonestatistic",
    "zones.add_zonestatistic",
    "enterprises.view_enterprise",
    "enterprises.change_enterprise",
    "enterprises.add_enterprise",
    "zones.view_province",
    "zones.view_prefecture",
    "zones.view_industry",
    "zones.view_source",
    # They may upload files; the pipeline rejects any file touching a zone that is not theirs.
    "imports.add_importbatch",
    "imports.view_importbatch",
    "imports.view_importchange",  # their own batches' changes only (the admin filters by batch user)
)


def _permissions(names):
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def setup_roles() -> dict[str, int]:
    """Create or update both groups; return how many permissions each now holds."""
    ministry, _ = Group.objects.get_or_create(name=MINISTRY_EDITORS)
    ministry.permissions.set(Permission.objects.filter(content_type__app_label__in=MINISTRY_APPS))
    zone_editors, _ = Group.objects.get_or_create(name=ZONE_EDITORS)
    zone_editors.permissions.set(_permissions(ZONE_EDITOR_PERMISSIONS))
    return {group.name: group.permissions.count() for group in (ministry, zone_editors)}


def setup_roles_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver: permissions of an app exist only once its own post_migrate ran, so run
    after each of our apps; the last run sees them all."""
    if sender.label in MINISTRY_APPS:
        setup_roles()


def is_zone_restricted(user) -> bool:
    """True when the user may only touch their own zones (anyone but superusers and ministry editors).

    Cached on the user object, which lives for one request, so changelists do not pay a query per row.
    """
    cached = getattr(user, "_zone_restricted", None)
    if cached is None:
        cached = not (
            user.is_superuser
            or (user.is_authenticated and user.groups.filter(name=MINISTRY_EDITORS).exists())
        )
        user._zone_restricted = cached
    return cached


def zone_ids_for(user) -> list[int]:
    """The ids of the zones a zone editor is assigned to (cached per request like the above)."""
    cached = getattr(user, "_edited_zone_ids", None)
    if cached is None:
        cached = list(user.edited_zones.values_list("pk", flat=True)) if user.is_authenticated else []
        user._edited_zone_ids = cached
    return cached
