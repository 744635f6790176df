"""Column mappings a clerk chose by hand in the import preview, remembered per header.

A published list keeps its header from one month to the next; once a clerk has said which of its columns
is which, the next file with the same header (same kind, same header cells in the same order) is read the
same way without asking again.
"""

import hashlib

from django.conf import settings
from django.db import models


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
