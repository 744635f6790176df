"""The kinds of the zones app: sources, provinces, prefectures, industries, zones and statistics."""

from __future__ import annotations

from django.db.models import Prefetch

from imports import columns as c
from imports.columns import Column, Invalid
from imports.engine import ModelSpec, Record, Row, upsert

from ..models import Industry, Prefecture, Province, Source, Zone, ZoneStatistic
from .lookups import IndustryLookup, PrefectureLookup, ProvinceLookup, SourceLookup, ZoneLookup, industry_slug

SOURCES = "_source_urls"


def source_column(required: bool = False) -> Column:
    return Column(
        "source_url",
        required=required,
        parse="parse_sources",
        dump=lambda o: ";".join(
            o._atlas_sources if "_atlas_sources" in o.__dict__ else (s.url for s in o.sources.all())
        ),
        extra={"stash": SOURCES},
        help="one or more source URLs, ';'-separated",
    )


def industry_labels(obj) -> str:
    if "_atlas_industries" in obj.__dict__:  # set by ModelSpec.export_objects
        return ";".join(obj._atlas_industries)
    return ";".join(
        i.code if i.scheme == Industry.Scheme.SEI_2018 else f"{i.scheme}:{i.code}"
        for i in obj.industries.all()
    )


class WithSources:
    """Kinds whose rows cite sources by URL in `source_url`."""

    def parse_sources(self, raw: str):
        return self.sources.urls(raw)

    def write(self, records, ctx):
        self.sources.resolve_records(records, ctx)
        upsert(ctx, self, self.model, records)

    def link_labels(self, attname):
        return self.sources.labels() if attname == "sources" else None


# ------------------------------------------------------------------ sources
class SourceSpec(ModelSpec):
    kind = "sources"
    model = Source
    key_column = "url"
    columns = [
        Column("url", "url", required=True, parse=c.url(500)),
        Column("title", "title", required=True, parse=c.text(300), text=True),
        Column("publisher", "publisher", parse=c.text(200), text=True),
        Column("published", "published", parse=c.date(1900)),
        Column("accessed", "accessed", parse=c.date(1990)),
        Column("licence", "licence", parse=c.text(200), text=True),
        Column("note", "note", parse=c.text(), text=True),
    ]

    def load(self, ctx):
        self.by_url = dict(Source.objects.values_list("url", "pk"))

    def finish_record(self, row, record, ctx):
        record.key = record.values["url"]
        record.pk = self.by_url.get(record.key)
        return record


# ------------------------------------------------------------------ places
class ProvinceSpec(WithSources, ModelSpec):
    kind = "provinces"
    model = Province
    columns = [
        Column("code", "code", required=True, parse=c.pattern(r"\d{2}", "a 2-digit NBS code")),
        Column("name_zh", "name_zh", required=True, parse=c.text(30)),
        Column("name_en", "name_en", parse=c.text(60)),
        Column("slug", "slug", parse=c.pattern(r"[a-z0-9-]{1,60}", "a slug (a-z, 0-9, -)")),
        Column("longitude", "longitude", parse=c.number(-180, 180)),
        Column("latitude", "latitude", parse=c.number(-90, 90)),
        source_column(),
    ]

    def load(self, ctx):
        self.sources = SourceLookup()
        self.by_code = dict(Province.objects.values_list("code", "pk"))
        self.slugs = set(Province.objects.values_list("slug", flat=True))

    def finish_record(self, row, record, ctx):
        record.key = record.values["code"]
        record.pk = self.by_code.get(record.key)
        for name in ("name_en", "slug"):
            if not record.values.get(name, "x"):
                del record.values[name]  # empty: keep the stored value, or derive one for a new row
        return record

    def prepare_new(self, record, ctx):
        values = record.values
        values.setdefault("name_en", naming().province_english_name(values["name_zh"]))
        if "slug" not in values:
            values["slug"] = unique_slug(
                naming().derive_slug(values["name_en"], 60), values["code"], self.slugs
            )


def unique_slug(base: str, suffix: str, taken: set, max_length: int = 120) -> str:
    """`base`, or `base-suffix` when taken (then with a counter), remembered in `taken`."""
    base = base[: max_length - len(suffix) - 4] or suffix
    slug, n = base, 1
    if slug in taken:
        slug = f"{base}-{suffix}".lower()
    while slug in taken:
        n += 1
        slug = f"{base}-{suffix}-{n}".lower()
    taken.add(slug)
    return slug


class PrefectureSpec(WithSources, ModelSpec):
    kind = "prefectures"
    model = Prefecture
    columns = [
        Column("code", "code", required=True, parse=c.pattern(r"\d{4}", "a 4-digit NBS code")),
        Column("province", "province_id", parse="parse_province", dump=lambda o: o.province.code),
        Column("name_zh", "name_zh", required=True, parse=c.text(40)),
        Column("name_en", "name_en", parse=c.text(80)),
        Column("longitude", "longitude", parse=c.number(-180, 180)),
        Column("latitude", "latitude", parse=c.number(-90, 90)),
        source_column(),
    ]

    def load(self, ctx):
        self.sources = SourceLookup()
        self.provinces = ProvinceLookup()
        self.by_code = dict(Prefecture.objects.values_list("code", "pk"))

    def parse_province(self, raw):
        return self.provinces(raw)

    def link_labels(self, attname):
        if attname == "province_id":
            return self.provinces.codes
        return super().link_labels(attname)

    def finish_record(self, row, record, ctx):
        values = record.values
        record.key = values["code"]
        record.pk = self.by_code.get(record.key)
        if not values.get("province_id"):
            try:
                values["province_id"] = self.provinces(values["code"][:2])
            except Invalid as exc:
                row.error("code", f"starts with no known province code: {exc}")
                return None
        if not values.get("name_en", "x"):
            del values["name_en"]
        return record

    def prepare_new(self, record, ctx):
        record.values.setdefault("name_en", naming().place_english_name(record.values["name_zh"]))

    def export_queryset(self):
        return Prefecture.objects.select_related("province").order_by("code")


# ------------------------------------------------------------------ industries
def industry_level(scheme: str, code: str) -> int:
    if scheme == Industry.Scheme.GBT_4754:
        return 1 if code.isalpha() else min(len(code), 4)
    return code.count(".") + 1


class IndustrySpec(WithSources, ModelSpec):
    kind = "industries"
    model = Industry
    chunk_size = 5000
    columns = [
        Column("scheme", "scheme", required=True, parse=c.choice(Industry.Scheme.choices)),
        Column("code", "code", required=True, parse=c.pattern(r"[A-Za-z0-9.]{1,12}", "an industry code")),
        Column("name_zh", "name_zh", required=True, parse=c.text(100), text=True),
        Column("name_en", "name_en", parse=c.text(200), text=True),
        Column("name_en_derived", "name_en_derived", parse=c.boolean(default=True)),
        Column(
            "parent_code",
            None,
            parse=c.pattern(r"[A-Za-z0-9.]{1,12}", "an industry code"),
            dump=lambda o: o.parent.code if o.parent_id else "",
            extra={"stash": "parent"},
        ),
        Column("level", "level", parse=c.integer(1, 9)),
        source_column(),
    ]

    def load(self, ctx):
        self.by_key = {(s, code): pk for pk, s, code in Industry.objects.values_list("pk", "scheme", "code")}
        self.slugs = set(Industry.objects.values_list("slug", flat=True))
        self.sources = SourceLookup()
        self.in_file: dict[tuple, int] = {}
        self.deferred: list[tuple[Record, tuple]] = []

    def finish_record(self, row, record, ctx):
        values = record.values
        key = (values["scheme"], values["code"])
        record.key = f"{key[0]}:{key[1]}"
        record.pk = self.by_key.get(key)
        self.in_file.setdefault(key, row.number)
        if "level" in values and values["level"] is None or "level" not in values and record.pk is None:
            values["level"] = industry_level(*key)
        parent = (record.extra or {}).get("parent")
        if parent is not None:
            if not parent:
                values["parent_id"] = None
            elif (values["scheme"], parent) in self.by_key:
                values["parent_id"] = self.by_key[(values["scheme"], parent)]
            else:
                self.deferred.append((record, (values["scheme"], parent)))
        return record

    def keys(self, record):
        return [("code", (record.values["scheme"], record.values["code"]))]

    def link_labels(self, attname):
        if attname == "parent_id":
            return {pk: code for (_scheme, code), pk in self.by_key.items()}
        return super().link_labels(attname)

    def prepare_new(self, record, ctx):
        record.values["slug"] = unique_slug(
            industry_slug(record.values["scheme"], record.values["code"]), "x", self.slugs, 40
        )

    def created(self, record, pk, ctx):
        self.by_key[(record.values["scheme"], record.values["code"])] = pk

    def finish(self, ctx):
        """Parents named in the same file are linked once every row exists."""
        updates: dict[int, list] = {}
        for record, parent in self.deferred:
            if parent not in self.in_file:
                ctx.error(record.row, "parent_code", parent[1], f"is not a known {parent[0]} industry code")
            elif record.pk is not None and parent in self.by_key:
                updates.setdefault(self.by_key[parent], []).append(record.pk)
        if ctx.writing:
            for parent_pk, pks in updates.items():
                # Existing rows moved under a parent created by this file: their old parent is recorded
                # here, as the row-by-row diff could not see a parent that did not exist yet.
                moved = Industry.objects.filter(pk__in=pks).exclude(parent_id=parent_pk)
                for pk, old_parent in moved.values_list("pk", "parent_id"):
                    ctx.change(Industry, pk, "updated", {"parent_id": old_parent})
                Industry.objects.filter(pk__in=pks).update(parent=parent_pk)

    def export_queryset(self):
        return (
            Industry.objects.select_related("parent").prefetch_related("sources").order_by("scheme", "code")
        )


# ------------------------------------------------------------------ zones
ZONE_KIND_LABELS = {
    "经济技术开发区": "etdz",
    "国家级经济技术开发区": "etdz",
    "国家级新区": "new-area",
    "高新技术产业开发区": "high-tech",
    "国家高新区": "high-tech",
    "海关特殊监管区域": "customs",
    "边境经济合作区": "border",
    "跨境经济合作区": "cross-border",
    "国家自主创新示范区": "innovation",
    "自由贸易试验区": "ftz",
    "省级开发区": "provincial",
    "省级高新技术产业园区": "provincial-high-tech",
}
PROVINCIAL_KINDS = {Zone.Kind.PROVINCIAL, Zone.Kind.PROVINCIAL_HIGH_TECH, Zone.Kind.OTHER_PROVINCIAL}


class ZoneSpec(WithSources, ModelSpec):
    kind = "zones"
    model = Zone
    zone_scoped = True
    columns = [
        Column("code", "code", required=True, parse=c.pattern(r"\d{8}", "an 8-digit GB/T 37028 code")),
        Column("name_zh", "name_zh", required=True, parse=c.text(100), text=True),
        Column("short_name", "short_name", parse=c.text(60), text=True),
        Column("name_en", "name_en", parse=c.text(200), text=True),
        Column("name_en_derived", "name_en_derived", parse=c.boolean(default=True)),
        Column("kind", "kind", required=True, parse=c.choice(Zone.Kind.choices, labels=ZONE_KIND_LABELS)),
        Column(
            "level",
            "level",
            parse=c.choice(Zone.Level.choices, labels={"国家级": "national", "省级": "provincial"}),
        ),
        Column("province", "province_id", parse="parse_province", dump=lambda o: o.province.code),
        Column(
            "prefecture",
            None,
            dump=lambda o: o.prefecture.code if o.prefecture_id else "",
            extra={"stash": "prefecture"},
            parse=c.text(),
        ),
        Column(
            "approved",
            "approved",
            parse=c.partial_date(),
            extra={"precision": "approved_precision"},
            dump=lambda o: o.approved_display,
        ),
        Column("area_km2", "area_km2", parse=c.decimal(10, 2, min_value=0)),
        Column("area_ha", "area_ha", parse=c.decimal(12, 2, min_value=0)),
        Column(
            "catalogue_code", "catalogue_code", parse=c.pattern(r"[GS]\d{6}", "a catalogue code (G321090)")
        ),
        Column("catalogue_approved", "catalogue_approved", parse=c.text(40)),
        Column("leading_industries", "leading_industries", parse=c.text(300), text=True),
        Column("website", "website", parse=c.url(300, published=True)),
        Column("longitude", "longitude", parse=c.number(-180, 180)),
        Column("latitude", "latitude", parse=c.number(-90, 90)),
        Column("location_approximate", "location_approximate", parse=c.boolean(default=True)),
        Column("location_basis", "location_basis", parse=c.choice(Zone.LocationBasis.choices, default="")),
        Column("description", "description", parse=c.text(), text=True),
        Column(
            "industries", "industries", parse="parse_industries", dump=industry_labels, extra={"m2m": True}
        ),
        Column("status", "status", parse=c.choice(Zone.Status.choices, default=Zone.Status.ACTIVE)),
        Column("former_name", "former_name", parse=c.text(100), text=True),
        Column("status_document", "status_document", parse=c.text(100), text=True),
        Column("status_date", "status_date", parse=c.date()),
        source_column(),
    ]

    def load(self, ctx):
        self.provinces = ProvinceLookup()
        self.prefectures = PrefectureLookup()
        self.industries = IndustryLookup()
        self.sources = SourceLookup()
        self.by_code = dict(Zone.objects.values_list("code", "pk"))
        self.zone_codes = {pk: code for code, pk in self.by_code.items()}
        self.slugs = set(Zone.objects.values_list("slug", flat=True))

    def parse_province(self, raw):
        return self.provinces(raw)

    def parse_industries(self, raw):
        return self.industries.many(raw)

    def link_labels(self, attname):
        labels = {
            "province_id": self.provinces.codes,
            "prefecture_id": self.prefectures.codes,
            "industries": self.industries.labels,
        }
        return labels[attname] if attname in labels else super().link_labels(attname)

    def finish_record(self, row, record, ctx):
        values = record.values
        record.key = values["code"]
        record.pk = self.by_code.get(record.key)
        if not values.get("province_id"):
            if record.pk is None or row.has("province"):
                try:
                    values["province_id"] = self.provinces(values["code"][:2])
                except Invalid:
                    row.error("province", "is required (the code's first two digits name no known province)")
                    return None
        if not values.get("level") and "kind" in values:
            values["level"] = (
                Zone.Level.PROVINCIAL if values["kind"] in PROVINCIAL_KINDS else Zone.Level.NATIONAL
            )
        prefecture = (record.extra or {}).get("prefecture")
        if prefecture is not None:
            try:
                values["prefecture_id"] = (
                    self.prefectures.resolve(prefecture, values.get("province_id")) if prefecture else None
                )
            except Invalid as exc:
                row.error("prefecture", str(exc), prefecture)
                return None
        if not values.get("name_en", "x"):
            del values["name_en"]
            if row.has("name_en_derived"):
                values["name_en_derived"] = True
        return record

    scope_column = "code"

    def zones_touched(self, record, ctx):
        return {record.pk if record.pk is not None else f"new zone {record.key}"}

    def zone_label(self, zone_pk):
        return zone_pk if isinstance(zone_pk, str) else self.zone_codes.get(zone_pk, str(zone_pk))

    def prepare_new(self, record, ctx):
        values = record.values
        if not values.get("name_en"):
            values["name_en"] = naming().derive_english_name(values["name_zh"])
            values["name_en_derived"] = True
        values["slug"] = unique_slug(
            naming().derive_slug(values["name_en"]) or values["code"], values["code"], self.slugs
        )

    def created(self, record, pk, ctx):
        self.by_code[record.key] = pk
        self.zone_codes[pk] = record.key

    def export_queryset(self):
        return (
            Zone.objects.select_related("province", "prefecture")
            .prefetch_related(Prefetch("industries", Industry.objects.order_by("-scheme", "code")), "sources")
            .order_by("code")
        )


# ------------------------------------------------------------------ statistics
class StatisticSpec(ModelSpec):
    kind = "statistics"
    model = ZoneStatistic
    zone_scoped = True
    key_column = "zone_code"
    columns = [
        Column("zone_code", "zone_id", parse="parse_zone", dump=lambda o: o.zone.code if o.zone_id else ""),
        Column("year", "year", required=True, parse=c.integer(1949, c.max_year)),
        Column("indicator", "indicator", required=True, parse=c.choice(ZoneStatistic.Indicator.choices)),
        Column("value", "value", required=True, parse=c.decimal(20, 4)),
        Column("unit", "unit", parse=c.text(40), text=True),
        Column("qualifier", "qualifier", parse=c.text(20), text=True),
        Column(
            "source_url",
            None,
            required=True,
            parse="parse_sources",
            dump=lambda o: o.source.url,
            extra={"stash": SOURCES},
        ),
    ]

    def load(self, ctx):
        self.zones = ZoneLookup()
        self.zone_codes = self.zones.codes
        self.sources = SourceLookup()
        self.by_key = {
            (zone_id, year, indicator): pk
            for pk, zone_id, year, indicator in ZoneStatistic.objects.values_list(
                "pk", "zone_id", "year", "indicator"
            )
        }

    def parse_zone(self, raw):
        return self.zones(raw) if raw else None

    def link_labels(self, attname):
        if attname == "zone_id":
            return self.zones.codes
        return self.sources.labels() if attname == "source_id" else None

    def parse_sources(self, raw):
        urls = self.sources.urls(raw)
        if len(urls) != 1:
            raise Invalid("must name exactly one source URL")
        return urls

    def finish_record(self, row, record, ctx):
        values = record.values
        values.setdefault("zone_id", None)
        key = (values["zone_id"], values["year"], values["indicator"])
        record.key = f"{row.get('zone_code') or 'national'} {key[1]} {key[2]}"
        record.pk = self.by_key.get(key)
        return record

    def keys(self, record):
        v = record.values
        return [("indicator", (self.zone_codes.get(v["zone_id"], "national"), v["year"], v["indicator"]))]

    def zones_touched(self, record, ctx):
        return {record.values["zone_id"]}

    def zone_label(self, zone_pk):
        return "national figures (no zone)" if zone_pk is None else self.zone_codes.get(zone_pk, str(zone_pk))

    def write(self, records, ctx):
        self.sources.resolve_records(records, ctx, fk="source_id")
        upsert(ctx, self, self.model, records)

    def export_queryset(self):
        return ZoneStatistic.objects.select_related("zone", "source").order_by(
            "zone__code", "year", "indicator"
        )


def register_all() -> None:
    from imports import registry

    for spec in (SourceSpec, ProvinceSpec, PrefectureSpec, IndustrySpec, ZoneSpec, StatisticSpec):
        registry.register(spec.kind, spec)


__all__ = ["naming", "register_all", "Row"]


def naming():
    """atlas.naming: its pinyin dictionary loads only when Chinese text is spelled, so rows with English
    names never pay for it."""
    from atlas import naming as module

    return module
