"""Import and export of enterprises: the canonical columns (one definition) and the resource the admin uses.

Rows match an existing enterprise by unified social credit code, else stock code; a row with neither
code matches by exact Chinese registered name. New rows get the slug `<stock_code>-<english name>` or
`<english name or pinyin>-<hash>`; an existing slug is never changed.
"""

from __future__ import annotations

import hashlib
from operator import getitem

from django.db.models import Prefetch

from imports import columns as c
from imports.columns import Column, Invalid
from imports.engine import ModelSpec
from zones.importing.lookups import (
    IndustryLookup,
    PrefectureLookup,
    ProvinceLookup,
    SourceLookup,
    ZoneLookup,
)
from zones.importing.specs import WithSources, industry_labels, naming, source_column, unique_slug
from zones.models import Industry

from .models import Enterprise
from .validators import ALPHABET, VALUES, WEIGHTS, credit_code_problem
from .zone_links import ZoneLinker

BOARD_LABELS = {
    "上交所主板": "sse-main",
    "沪市主板": "sse-main",
    "深交所主板": "szse-main",
    "深市主板": "szse-main",
    "创业板": "chinext",
    "科创板": "star",
    "北交所": "bse",
    "北京证券交易所": "bse",
    # Each exchange's own list says just "主板" (main board): which one follows from the stock code.
    "主板": "main",
}
# A-share code prefixes of each exchange's main board (SSE 60xxxx; SZSE 000–003xxx).
MAIN_BOARD_BY_PREFIX = {"60": "sse-main", "00": "szse-main"}


# Each position's weighted value per character, so the check is one table lookup per character (the
# validator's own function is the reference and still words every error message).
_WEIGHTED = [{char: value * weight for char, value in VALUES.items()} for weight in WEIGHTS]


def parse_credit_code(raw: str):
    if not raw:
        return None
    code = raw.upper()
    if len(code) == 18:
        try:
            total = sum(map(getitem, _WEIGHTED, code))  # the 17 weights stop before the check character
        except KeyError:
            total = None
        if total is not None and ALPHABET[(31 - total % 31) % 31] == code[17]:
            return code
    problem = credit_code_problem(code)
    if problem:
        raise Invalid(f"is not a valid unified social credit code: {problem}")
    return code


class EnterpriseSpec(WithSources, ModelSpec):
    kind = "enterprises"
    model = Enterprise
    zone_scoped = True
    chunk_size = 5000
    key_column = "name_zh"
    columns = [
        Column("name_zh", "name_zh", required=True, parse=c.text(200), text=True),
        Column("short_name", "short_name", parse=c.short_name(60), text=True),
        Column("name_en", "name_en", parse=c.text(300), text=True),
        Column("credit_code", "credit_code", parse=parse_credit_code),
        Column("stock_code", "stock_code", parse="parse_stock_code"),
        Column("board", "board", parse=c.choice(Enterprise.Board.choices, labels=BOARD_LABELS), repeats=True),
        Column(
            "zone_code",
            "zone_id",
            parse="parse_zone",
            dump=lambda o: o.zone.code if o.zone_id else "",
            repeats=True,
        ),
        Column(
            "province",
            "province_id",
            parse="parse_province",
            dump=lambda o: o.province.code if o.province_id else "",
            repeats=True,
        ),
        Column(
            "industries", "industries", parse="parse_industries", dump=industry_labels, extra={"m2m": True}
        ),
        Column("sector_label", "sector_label", parse=c.text(40), text=True, repeats=True),
        Column(
            "prefecture",
            None,
            parse=c.text(40),
            dump=lambda o: o.prefecture.code if o.prefecture_id else "",
            extra={"stash": "prefecture"},
        ),
        Column("address", "registered_address", parse=c.text(300), text=True),
        Column(
            "address_source",
            "address_source_id",
            parse="parse_address_source",
            dump=lambda o: o.address_source.url if o.address_source_id else "",
        ),
        Column("address_year", "address_year", parse=c.integer(1980, c.max_year)),
        Column("office_address", "office_address", parse=c.text(300), text=True),
        Column("employees", "employees", parse=c.integer(0, 10_000_000)),
        Column("registered_capital", "registered_capital", parse=c.decimal(16, 4, min_value=0)),
        Column("main_business", "main_business", parse=c.text(), text=True),
        Column("introduction", "introduction", parse=c.text(), text=True),
        Column(
            "founded",
            "founded",
            parse=c.partial_date(1800),
            extra={"precision": "founded_precision"},
            dump=lambda o: o.founded_display,
            repeats=True,
        ),
        Column(
            "listed",
            "listed",
            parse=c.partial_date(1990),
            extra={"precision": "listed_precision"},
            dump=lambda o: o.listed_display,
            repeats=True,
        ),
        Column("high_tech", "high_tech", parse=c.boolean(default=None), repeats=True),
        Column("website", "website", parse=c.url(300, published=True)),
        Column("description", "description", parse=c.text(), text=True),
        source_column(),
    ]

    def load(self, ctx):
        rows = Enterprise.objects.values_list("pk", "credit_code", "stock_code")
        self.by_credit: dict[str, int] = {}
        self.by_stock: dict[str, int] = {}
        for pk, credit, stock in rows.iterator(chunk_size=10000):
            if credit:
                self.by_credit[credit] = pk
            if stock:
                self.by_stock[stock] = pk
        self._by_name = None
        self._slugs = None
        self._zone_of = None
        self.zones = ZoneLookup()
        self.zone_codes = self.zones.codes
        self.prefectures = PrefectureLookup()
        self.provinces = ProvinceLookup()
        self.links = ZoneLinker(self.zones, self.provinces)
        self.industries = IndustryLookup()
        self.sources = SourceLookup()

    # Loaded only when a row needs them: most files key every row by credit or stock code.
    @property
    def by_name(self) -> dict[str, tuple]:
        if self._by_name is None:
            self._by_name = {}
            rows = Enterprise.objects.values_list("name_zh", "pk", "credit_code", "stock_code")
            for name, *rest in rows.iterator(chunk_size=10000):
                self._by_name.setdefault(name, tuple(rest))
        return self._by_name

    @property
    def slugs(self) -> set:
        if self._slugs is None:
            self._slugs = set(Enterprise.objects.values_list("slug", flat=True).iterator(chunk_size=10000))
        return self._slugs

    _stock_pattern = staticmethod(c.pattern(r"\d{6}", "a 6-digit stock code", nullable=True))

    def parse_stock_code(self, raw):
        # A spreadsheet that stored 000001 as the number 1 hands us "1": A-share codes are 6 digits.
        if raw.isdigit() and len(raw) < 6:
            raw = raw.zfill(6)
        return self._stock_pattern(raw)

    def parse_zone(self, raw):
        return self.zones(raw) if raw else None

    def parse_province(self, raw):
        return self.provinces(raw) if raw else None

    def parse_address_source(self, raw):
        if not raw:
            return None
        pk = self.sources.by_url.get(raw)
        if pk is None:
            raise Invalid("is not a known source URL (load it in the sources file first)")
        return pk

    def parse_industries(self, raw):
        return self.industries.many(raw)

    def link_labels(self, attname):
        labels = {
            "zone_id": self.zones.codes,
            "province_id": self.provinces.codes,
            "industries": self.industries.labels,
        }
        return labels[attname] if attname in labels else super().link_labels(attname)

    def finish_record(self, row, record, ctx):
        values = record.values
        credit, stock = values.get("credit_code"), values.get("stock_code")
        record.key = credit or stock or values["name_zh"]
        pk = None
        if credit:
            pk = self.by_credit.get(credit)
        if pk is None and stock:
            pk = self.by_stock.get(stock)
        if pk is None and not credit and not stock:
            # Only a row without codes is matched by its exact registered name: a row with an unknown
            # code is a new company even if another of the same name exists.
            known = self.by_name.get(values["name_zh"])
            if known:
                pk = known[0]
        record.pk = pk
        if values.get("board") == "main":
            board = MAIN_BOARD_BY_PREFIX.get((stock or "")[:2])
            if board is None:
                row.error("board", "says 主板 (main board) but the stock code names no exchange's main board")
                return None
            values["board"] = board
        zone_id = values.get("zone_id")
        if zone_id is not None:
            zone_province = self.zones.province_of[zone_id]
            if values.get("province_id") is None and not row.get("province"):
                values["province_id"] = zone_province  # the zone says where the company is
            elif values.get("province_id") != zone_province:
                code = self.provinces.codes.get(zone_province, "?")
                row.error(
                    "province", f"does not match the zone {row.get('zone_code')}, which is in province {code}"
                )
                return None
        prefecture = (record.extra or {}).get("prefecture")
        if prefecture is not None:
            try:
                values["prefecture_id"] = (
                    self.prefectures.resolve(prefecture, values.get("province_id")) if prefecture else None
                )
            except Invalid as exc:
                row.error("prefecture", str(exc), prefecture)
                return None
        self.links.settle(record, row)
        if pk is not None:
            # An empty cell never erases a code the enterprise already has (it is how the row matched).
            for name in ("credit_code", "stock_code"):
                if name in values and values[name] is None:
                    del values[name]
        return record

    compared_also = ZoneLinker.EVIDENCE  # settle_stated() reads and sets them

    def compare_with(self, records, stored):
        self.links.settle_stated(records, stored)

    def new_preview(self, record):
        """A new row's zone proposed from its address, with the evidence (see zone_links)."""
        return self.links.preview((record.extra or {}).get("_proposed"))

    def diff_display(self, diff):
        shown = super().diff_display(diff)
        if "proposed_zone_id" in diff:
            old, new = diff["proposed_zone_id"]
            shown["proposed_zone"] = (self.zone_codes.get(old, ""), self.zone_codes.get(new, ""))
            shown.pop("proposed_zone_id", None)
        return shown

    def keys(self, record):
        v = record.values
        keys = [("credit_code", v.get("credit_code")), ("stock_code", v.get("stock_code"))]
        if not v.get("credit_code") and not v.get("stock_code"):
            keys.append(("name_zh", v["name_zh"]))
        return keys

    def zones_touched(self, record, ctx):
        touched = set()
        if "zone_id" in record.values:
            touched.add(record.values["zone_id"])
        if record.pk is not None:
            if self._zone_of is None:
                self._zone_of = dict(Enterprise.objects.values_list("pk", "zone_id"))
            touched.add(self._zone_of.get(record.pk))
        elif "zone_id" not in record.values:
            touched.add(None)
        return touched

    def zone_label(self, zone_pk):
        return "no zone" if zone_pk is None else self.zone_codes.get(zone_pk, str(zone_pk))

    def prepare_new(self, record, ctx):
        values = record.values
        english = naming().derive_slug(values.get("name_en") or "", 80)
        if values.get("stock_code"):
            base = f"{values['stock_code']}-{english}".strip("-")
        elif english:
            tag = hashlib.sha1((values.get("credit_code") or values["name_zh"]).encode()).hexdigest()[:6]
            base = f"{english}-{tag}"
        else:
            # No English name: the credit code (or a hash of the name) rather than pinyin, because
            # pypinyin's phrase dictionary costs ~45 MB and ~140 µs a row, too much at 100,000 rows.
            code = values.get("credit_code")
            base = code.lower() if code else "e-" + hashlib.sha1(values["name_zh"].encode()).hexdigest()[:10]
        values["slug"] = unique_slug(base, "x", self.slugs)

    def created(self, record, pk, ctx):
        v = record.values
        if v.get("credit_code"):
            self.by_credit[v["credit_code"]] = pk
        if v.get("stock_code"):
            self.by_stock[v["stock_code"]] = pk

    def export_queryset(self):
        return (
            Enterprise.objects.select_related("zone", "province", "prefecture", "address_source")
            .prefetch_related(Prefetch("industries", Industry.objects.order_by("-scheme", "code")), "sources")
            .order_by("pk")
        )


def register() -> None:
    from imports import registry

    registry.register(EnterpriseSpec.kind, EnterpriseSpec)
