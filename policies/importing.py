"""Import and export of policy documents and their measures: one row per measure.

A row carries its document's columns and one measure's; rows of the same `slug` must agree on the
document columns. A row with an empty `measure_position` describes a document without measures.
Key: `slug` + `measure_position`.
"""

from __future__ import annotations

from django.db.models import Prefetch

from imports import columns as c
from imports.columns import Column, Invalid
from imports.engine import ModelSpec, Record, upsert
from zones.importing.lookups import IndustryLookup, SourceLookup, ZoneLookup
from zones.importing.specs import SOURCES, industry_labels
from zones.models import Industry, Zone

from .models import Measure, PolicyDocument

DOCUMENT_FIELDS = (
    "slug",
    "title_zh",
    "title_en",
    "title_en_derived",
    "issuer",
    "document_number",
    "issued",
    "issued_precision",
    "effective",
    "status",
    "published",
    "summary",
    "text_zh",
    "text_note",
    "measures_from_news",
)


def _measure(attr: str, dump=None):
    """Export a measure column; `obj` is a (document, measure or None) pair."""

    def get(pair):
        document, measure = pair
        if measure is None:
            return ""
        return dump(measure) if dump else getattr(measure, attr)

    return get


def _document(attr: str, dump=None):
    def get(pair):
        return dump(pair[0]) if dump else getattr(pair[0], attr)

    return get


class PolicySpec(ModelSpec):
    kind = "policies"
    model = Measure
    chunk_size = 100_000  # policies are few; the whole file is written at once so documents come first
    key_column = "measure_position"
    columns = [
        Column(
            "slug",
            "slug",
            required=True,
            parse=c.pattern(r"[a-z0-9-]{1,120}", "a slug (a-z, 0-9, -)"),
            dump=_document("slug"),
        ),
        Column("title_zh", "title_zh", parse=c.text(300), text=True, dump=_document("title_zh")),
        Column(
            "title_en", "title_en", required=True, parse=c.text(300), text=True, dump=_document("title_en")
        ),
        Column(
            "title_en_derived",
            "title_en_derived",
            parse=c.boolean(default=False),
            dump=_document("title_en_derived"),
        ),
        Column("issuer", "issuer", parse=c.text(200), text=True, dump=_document("issuer")),
        Column(
            "document_number",
            "document_number",
            parse=c.text(60),
            text=True,
            dump=_document("document_number"),
        ),
        Column(
            "issued",
            "issued",
            parse=c.partial_date(),
            extra={"precision": "issued_precision"},
            dump=_document("issued", lambda d: d.issued_display),
        ),
        Column("effective", "effective", parse=c.date(), dump=_document("effective")),
        Column(
            "status",
            "status",
            parse=c.choice(PolicyDocument.Status.choices, default="unknown"),
            dump=_document("status"),
        ),
        Column("published", "published", parse=c.date(), dump=_document("published")),
        Column("summary", "summary", parse=c.text(), text=True, dump=_document("summary")),
        Column("text_zh", "text_zh", parse=c.text(), text=True, dump=_document("text_zh")),
        Column("text_note", "text_note", parse=c.text(), text=True, dump=_document("text_note")),
        Column(
            "measures_from_news",
            "measures_from_news",
            parse=c.boolean(default=False),
            dump=_document("measures_from_news"),
        ),
        Column(
            "source_url",
            None,
            parse="parse_sources",
            extra={"stash": SOURCES},
            dump=_document("sources", lambda d: ";".join(s.url for s in d.sources.all())),
        ),
        Column("measure_position", "position", parse=c.integer(1, 999), dump=_measure("position")),
        Column(
            "measure_category",
            "category",
            parse=c.choice(Measure.Category.choices),
            dump=_measure("category"),
        ),
        Column("measure_text", "text", parse=c.text(), text=True, dump=_measure("text")),
        Column(
            "zone_kinds",
            "zone_kinds",
            parse="parse_kinds",
            dump=_measure("zone_kinds", lambda m: ";".join(m.zone_kind_list)),
        ),
        Column(
            "zone_codes",
            "zones",
            parse="parse_zones",
            extra={"m2m": True},
            dump=_measure("zones", lambda m: ";".join(z.code for z in m.zones.all())),
        ),
        Column(
            "industries",
            "industries",
            parse="parse_industries",
            extra={"m2m": True},
            dump=_measure("industries", industry_labels),
        ),
    ]

    def load(self, ctx):
        self.zones = ZoneLookup()
        self.industries = IndustryLookup()
        self.sources = SourceLookup()
        self.documents = dict(PolicyDocument.objects.values_list("slug", "pk"))
        self.measures = {
            (doc, pos): pk for pk, doc, pos in Measure.objects.values_list("pk", "document_id", "position")
        }
        self.first_row: dict[str, tuple[int, dict]] = {}

    def parse_sources(self, raw):
        return self.sources.urls(raw)

    def parse_zones(self, raw):
        return self.zones.many(raw)

    def parse_industries(self, raw):
        return self.industries.many(raw)

    def parse_kinds(self, raw):
        kinds = c.split_multi(raw)
        valid = {value for value, _ in Zone.Kind.choices}
        bad = [k for k in kinds if k not in valid]
        if bad:
            raise Invalid(f"names unknown zone kinds ({', '.join(bad)}); valid: {', '.join(sorted(valid))}")
        return f",{','.join(kinds)}," if kinds else ""

    def finish_record(self, row, record, ctx):
        values = record.values
        document = {name: values.pop(name) for name in DOCUMENT_FIELDS if name in values}
        document["_sources"] = (record.extra or {}).get(SOURCES)
        slug = document["slug"]
        first = self.first_row.setdefault(slug, (row.number, document))
        if first[1] != document:
            differing = sorted(k.lstrip("_") for k in document if document[k] != first[1].get(k))
            row.error(
                "slug", f"has document columns ({', '.join(differing)}) that differ from row {first[0]}"
            )
            return None
        position = values.get("position")
        has_measure = position is not None
        if has_measure:
            for name in ("category", "text"):
                if not values.get(name):
                    row.error(f"measure_{name}", "is required when measure_position is given", "")
                    return None
        elif (
            any(values.get(n) for n in ("category", "text"))
            or record.m2m.get("zones")
            or record.m2m.get("industries")
        ):
            row.error("measure_position", "is required for a row describing a measure", "")
            return None
        record.key = f"{slug} #{position}" if has_measure else slug
        record.extra = {"document": document, "slug": slug, "measure": has_measure}
        return record

    def keys(self, record):
        return [("measure_position", (record.extra["slug"], record.values.get("position")))]

    def link_labels(self, attname):
        labels = {"zones": self.zones.codes, "industries": self.industries.labels}
        if attname in labels:
            return labels[attname]
        return self.sources.labels() if attname == "sources" else None

    def write(self, records, ctx):
        docs: dict[str, Record] = {}
        for record in records:
            slug = record.extra["slug"]
            if slug not in docs:
                values = dict(record.extra["document"])
                urls = values.pop("_sources")
                docs[slug] = Record(
                    record.row, slug, values, extra={SOURCES: urls} if urls is not None else {}
                )
                docs[slug].pk = self.documents.get(slug)
        doc_records = list(docs.values())
        self.sources.resolve_records(doc_records, ctx)
        doc_actions = dict(
            zip(docs, upsert(ctx, self, PolicyDocument, doc_records, count=False), strict=True)
        )
        measures = []
        for record in records:
            if not record.extra["measure"]:
                continue
            document_id = docs[record.extra["slug"]].pk
            record.values["document_id"] = document_id
            record.pk = self.measures.get((document_id, record.values["position"])) if document_id else None
            measures.append(record)
        measure_actions = dict(
            zip((id(r) for r in measures), upsert(ctx, self, Measure, measures, count=False), strict=True)
        )
        result = ctx.result
        for record in records:
            doc_action = doc_actions[record.extra["slug"]]
            action = measure_actions.get(id(record), doc_action)
            if action == "unchanged" and doc_action != "unchanged":
                action = "update"  # the row's document changed
            if action == "new":
                result.created += 1
            elif action == "update":
                result.updated += 1
            else:
                result.unchanged += 1
            new_values = (lambda record=record: self.new_row_display(record)) if action == "new" else None
            ctx.preview(record, action, new_values)

    def prepare_new(self, record, ctx):
        pass

    def export_queryset(self):
        return PolicyDocument.objects.prefetch_related(
            "sources",
            Prefetch(
                "measures",
                Measure.objects.order_by("position").prefetch_related(
                    Prefetch("zones", Zone.objects.order_by("code")),
                    Prefetch("industries", Industry.objects.order_by("-scheme", "code")),
                ),
            ),
        ).order_by("slug")

    def export_objects(self, queryset):
        # Few documents with nested measures: Django's prefetching (per chunk) is the simple fit here.
        return queryset.iterator(chunk_size=500)

    def export_lines(self, document, columns):
        from imports.exporting import column_value

        measures = list(document.measures.all()) or [None]
        for measure in measures:
            yield [column_value(col, (document, measure)) for col in columns]


# The admin exports from the PolicyDocument changelist: one row per measure of each selected document.


def register() -> None:
    from imports import registry

    registry.register(PolicySpec.kind, PolicySpec)
