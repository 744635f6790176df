"""Policy documents and the measures they contain."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.dates import partial_date_display
from zones.models import Industry, Source, Zone

from .querysets import MeasureQuerySet, PolicyDocumentQuerySet


class PolicyDocument(models.Model):
    """A published policy: a State Council letter, a ministry work plan, an action plan."""

    class Status(models.TextChoices):
        IN_FORCE = "in-force", _("In force")
        REPEALED = "repealed", _("Repealed")
        UNKNOWN = "unknown", _("Not stated")

    title_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)
    title_en = models.CharField(_("English title"), max_length=300)
    title_en_derived = models.BooleanField(_("English title derived"), default=False)
    slug = models.SlugField(max_length=120, unique=True)
    issuer = models.CharField(
        _("issuing body"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("Empty when no source names it."),
    )
    document_number = models.CharField(max_length=60, blank=True, help_text=_("e.g. 国办函〔2024〕83号"))
    issued = models.DateField(_("issue date"), null=True, blank=True, db_index=True)
    issued_precision = models.CharField(max_length=5, blank=True, help_text=_("year, month or day"))
    effective = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    published = models.DateField(_("publication date"), null=True, blank=True)
    summary = models.TextField(blank=True)
    text_zh = models.TextField(
        _("text held"), blank=True, help_text=_("Verbatim text of the document, only the parts we hold.")
    )
    text_note = models.TextField(
        _("what is held"),
        blank=True,
        help_text=_("Which parts of the document's text we hold, or that it was not found."),
    )
    measures_from_news = models.BooleanField(
        _("measures summarised from news"),
        default=False,
        help_text=_("The measures are our summary of news reports, not quoted from the document."),
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="policy_documents")

    objects = PolicyDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued", "title_en"]
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    def __str__(self):
        return self.title_en or self.title_zh

    def get_absolute_url(self):
        return reverse("policies:detail", kwargs={"slug": self.slug})

    @property
    def issued_display(self) -> str:
        """The issue date at the precision the source gives (2019, 2019-05 or 2019-05-28)."""
        return partial_date_display(self.issued, self.issued_precision)


class Measure(models.Model):
    """One measure of a policy document and what it applies to."""

    class Category(models.TextChoices):
        RD_FUNDING = "rd-funding", _("R&D funding")
        TAX = "tax", _("Tax incentive")
        TECH_TRANSFER = "tech-transfer", _("Technology transfer")
        SANDBOX = "sandbox", _("Regulatory sandbox")
        OPENING_UP = "opening-up", _("Opening-up and trade")
        UPGRADING = "upgrading", _("Industrial upgrading")
        INNOVATION = "innovation", _("Innovation platforms")
        TALENT = "talent", _("Talent")
        DESIGNATION = "designation", _("Zone designation")

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField(default=1)
    category = models.CharField(max_length=16, choices=Category.choices, db_index=True)
    text = models.TextField()
    # Zone kinds stored as ",etdz,high-tech," so that "applies to kind K" is one LIKE on every database.
    zone_kinds = models.CharField(max_length=200, blank=True)
    zones = models.ManyToManyField(Zone, blank=True, related_name="measures")
    industries = models.ManyToManyField(Industry, blank=True, related_name="measures")

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("policy measure")
        verbose_name_plural = _("policy measures")
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="measure_unique_position")
        ]

    def __str__(self):
        return f"{self.get_category_display()} #{self.position}"

    @property
    def zone_kind_list(self) -> list[str]:
        return [kind for kind in self.zone_kinds.split(",") if kind]
