import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One run of the import pipeline: who sent which file, what it did, and whether it was undone."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed (nothing written)")
        ROLLED_BACK = "rolled-back", _("Rolled back")
        ROLLBACK = "rollback", _("Rollback of another batch")

    kind = models.CharField(_("kind"), max_length=20)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_size = models.PositiveBigIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    started = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(default=list, blank=True)
    rollback_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rollbacks"
    )

    class Meta:
        db_table = "zones_importbatch"  # created by the zones app before imports was its own app
        ordering = ["-started"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.file_name}"


class ImportChange(models.Model):
    """A row an import batch created or updated, with its values before, so the batch can be undone."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    model = models.CharField(max_length=60)
    object_pk = models.CharField(max_length=40)
    action = models.CharField(max_length=8, choices=Action.choices)
    before = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "zones_importchange"  # created by the zones app before imports was its own app
        indexes = [models.Index(fields=["model", "object_pk"], name="zones_impor_model_d6cfcd_idx")]
        verbose_name = _("import change")
        verbose_name_plural = _("import changes")

    def __str__(self):
        return f"{self.action} {self.model} {self.object_pk}"


# Column mappings a clerk chose by hand in the import preview, remembered per header:
# a published list keeps its header from one month to the next, so the next file with the same header
# (same kind, same cells in the same order) is read the same way without asking again.
def header_key(header: list[str]) -> str:
    """SHA-256 of the header cells as written (order matters: it is the same file layout)."""
    return hashlib.sha256("\x1f".join(cell.strip() for cell in header).encode()).hexdigest()


class ImportColumnMappingQuerySet(models.QuerySet):
    def for_header(self, kind: str, header: list[str]) -> dict:
        """The remembered {header cell: column or ""} for this kind and header; {} when none."""
        found = self.filter(kind=kind, header_sha256=header_key(header)).values_list("mapping", flat=True)
        return next(iter(found), None) or {}

    def remember(self, *, kind: str, header: list[str], mapping: dict, user=None) -> None:
        self.update_or_create(
            kind=kind,
            header_sha256=header_key(header),
            defaults={"mapping": mapping, "header": list(header), "user": user},
        )


class ImportColumnMapping(models.Model):
    """{header cell: canonical column, or "" to ignore it} for files of `kind` with this header."""

    kind = models.CharField(max_length=20)
    header_sha256 = models.CharField("header SHA-256", max_length=64)
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated = models.DateTimeField(auto_now=True)

    objects = ImportColumnMappingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "header_sha256"], name="import_mapping_kind_header")
        ]

    def __str__(self):
        return f"{self.kind}: {len(self.mapping)} columns"
