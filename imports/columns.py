"""Columns of the import formats: one definition serves header checks, parsing, export and the resources.

A `Column` turns a cell (always a stripped string by the time it gets here) into the value of a model
field, or raises `Invalid` with a message that says what would be valid. `dump` does the reverse for
exports, so that exporting and re-importing changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

FORMULA_CHARS = ("=", "+", "-", "@")
# What an apostrophe may escape: a formula character, or another apostrophe (an escaped escape).
QUOTABLE = (*FORMULA_CHARS, "'")
MIN_YEAR = 1949


class Invalid(Exception):
    """A cell that cannot be used; the message says what would be valid."""


_YEAR_CACHE = [0.0, 0]


def max_year() -> int:
    """Next year (the latest year a date may have). Cached for a minute: it is asked once per cell."""
    now = time.monotonic()
    if now - _YEAR_CACHE[0] > 60:
        _YEAR_CACHE[:] = [now, dt.date.today().year + 1]
    return _YEAR_CACHE[1]


@dataclass
class Column:
    """One canonical column: its name, the field it fills, how to parse and how to export it."""

    name: str
    field: str | None = None
    required: bool = False
    parse: Callable[[str], Any] | None = None
    dump: Callable[[Any], str] | None = None
    text: bool = False  # free text: neutralised on export when it starts like a formula
    help: str = ""
    extra: dict = dc_field(default_factory=dict)
    # Values recur across rows (codes, choices, dates) and `parse` reads nothing but the cell: the engine
    # then parses each distinct cell once per run.
    repeats: bool = False


# ------------------------------------------------------------------ cell parsers
def unquote_formula(raw: str) -> str:
    """Drop one apostrophe before = + - @ or another apostrophe: the spreadsheet's "this is text" mark,
    which `neutralise` adds on export, so that export → import changes nothing ('=x → =x, ''=x → '=x).
    The engine warns when a file's cells had it (see engine._warn_apostrophes)."""
    if len(raw) > 1 and raw[0] == "'" and raw[1] in QUOTABLE:
        return raw[1:]
    return raw


def quoted(raw: str) -> bool:
    """True for a cell whose leading apostrophe the import drops (see unquote_formula)."""
    return raw[:1] == "'" and raw[1:2] in QUOTABLE


def text(max_length: int | None = None, *, nullable: bool = False):
    def parse(raw: str):
        if not raw:
            return None if nullable else ""
        if raw[0] == "'":  # unquote_formula, inline: it is asked of every text cell
            raw = unquote_formula(raw)
        if max_length and len(raw) > max_length:
            raise Invalid(f"is {len(raw)} characters long; at most {max_length} allowed")
        return raw

    return parse


PADDING_RE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def short_name(max_length: int):
    """A Chinese short name as exchanges publish it, padded to width with spaces and full-width letters
    ("万  科Ａ"): read in its plain form (万科A), so that it matches the name the atlas holds."""
    plain = text(max_length)

    def parse(raw: str):
        return plain(PADDING_RE.sub("", unicodedata.normalize("NFKC", raw)))

    return parse


def pattern(regex: str, what: str, *, nullable: bool = False, upper: bool = False):
    compiled = re.compile(regex)

    def parse(raw: str):
        if not raw:
            return None if nullable else ""
        if upper:
            raw = raw.upper()
        if not compiled.fullmatch(raw):
            raise Invalid(f"is not {what}")
        return raw

    return parse


def choice(choices, *, default: str = "", labels: dict[str, str] | None = None):
    """A value of a TextChoices; accepts the value, its English label or a Chinese label."""
    values = {value: value for value, _ in choices}
    lookup = dict(values)
    for value, label in choices:
        lookup[str(label).lower()] = value
    for label, value in (labels or {}).items():
        lookup[label.lower()] = value
    valid = ", ".join(values)

    def parse(raw: str):
        if not raw:
            return default
        value = lookup.get(raw) or lookup.get(raw.lower()) or lookup.get(raw.lower().replace("_", "-"))
        if value is None:
            raise Invalid(f"is not one of: {valid}")
        return value

    return parse


TRUE = {"true", "yes", "y", "1", "t", "是", "对", "√"}
FALSE = {"false", "no", "n", "0", "f", "否", "不是", "×"}


def boolean(*, default: bool | None = None):
    def parse(raw: str):
        if not raw:
            return default
        low = raw.lower()
        if low in TRUE:
            return True
        if low in FALSE:
            return False
        raise Invalid("is not a yes/no value (true/false, yes/no, 1/0, 是/否)")

    return parse


# 1997, 1997-03, 1997-03-05, 1997/3/5, 1997.03, 1997年, 1997年3月, 1997年3月5日 (and mixes of these
# separators, as clerks type them).
DATE_RE = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?")
DATE_FORMS = "1997, 1997-03, 1997-03-05, 1997/3/5, 1997.03, 1997年3月 or 1997年3月5日"


def _date_parts(raw: str, min_year: int, *, partial: bool) -> tuple[dt.date, str]:
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and raw[:4].isdigit():
        # The common ISO case without the regex; anything odd falls through to the full parse.
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            value = None
        if value is not None and min_year <= value.year <= max_year():
            return value, "day"
    cleaned = raw.strip()
    if "T" in cleaned or " " in cleaned:  # 2024-01-02T00:00:00 or "2024-01-02 00:00:00" from spreadsheets
        cleaned = re.split(r"[T ]", cleaned, maxsplit=1)[0]
    match = DATE_RE.fullmatch(cleaned)
    if not match:
        raise Invalid(f"is not a date; write {DATE_FORMS}" if partial else "is not a date YYYY-MM-DD")
    year, month, day = match.group(1), match.group(2), match.group(3)
    if not partial and (month is None or day is None):
        raise Invalid("is not a date YYYY-MM-DD (a full date is needed)")
    y = int(year)
    if not min_year <= y <= max_year():
        raise Invalid(f"has the year {y}, out of range; expected {min_year}–{max_year()}")
    try:
        value = dt.date(y, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise Invalid(f"is not a real date ({exc})") from None
    precision = "day" if day else "month" if month else "year"
    return value, precision


DATE_CACHE_SIZE = 20_000


def date(min_year: int = MIN_YEAR):
    seen: dict[str, dt.date] = {}  # dates repeat across rows; a valid date stays valid (max_year only grows)

    def parse(raw: str):
        if not raw:
            return None
        value = seen.get(raw)
        if value is None:
            value = _date_parts(raw, min_year, partial=False)[0]
            if len(seen) < DATE_CACHE_SIZE:
                seen[raw] = value
        return value

    return parse


def partial_date(min_year: int = MIN_YEAR):
    """Returns (date, precision) or (None, ''): a year, a month or a day, in any of DATE_FORMS."""

    # No cache (unlike `date`): founding and listing dates barely repeat across 100,000 companies, and the
    # ISO fast path of _date_parts costs less than the memory a cache of them would hold.
    def parse(raw: str):
        if not raw:
            return None, ""
        return _date_parts(raw, min_year, partial=True)

    return parse


THOUSANDS_RE = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


def decimal(max_digits: int, places: int, *, min_value=None):
    def parse(raw: str):
        if not raw:
            return None
        text_value = raw.replace(",", "") if THOUSANDS_RE.fullmatch(raw) else raw
        try:
            value = Decimal(text_value)
        except InvalidOperation:
            raise Invalid("is not a number (use digits and a decimal point, e.g. 1234.5)") from None
        if not value.is_finite():
            raise Invalid("is not a finite number")
        sign, digits, exponent = value.as_tuple()
        if exponent < 0 and -exponent > places:
            raise Invalid(f"has more than {places} decimal places")
        if len(digits) - max(0, -exponent) > max_digits - places:
            raise Invalid(f"is too large; at most {max_digits - places} digits before the point")
        if min_value is not None and value < min_value:
            raise Invalid(f"must be at least {min_value}")
        return value

    return parse


def number(lo: float | None = None, hi: float | None = None):
    def parse(raw: str):
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise Invalid("is not a number") from None
        if value != value or (lo is not None and value < lo) or (hi is not None and value > hi):
            raise Invalid(f"must be between {lo} and {hi}")
        return value

    return parse


def integer(lo: int, hi: int | Callable[[], int]):
    def parse(raw: str):
        if not raw:
            return None
        top = hi() if callable(hi) else hi
        try:
            value = int(raw.removesuffix(".0"))
        except ValueError:
            raise Invalid("is not a whole number") from None
        if not lo <= value <= top:
            raise Invalid(f"is out of range; expected {lo}–{top}")
        return value

    return parse


_url_validator = URLValidator(schemes=["http", "https"])


# The common case, checked in one regex: http(s), ASCII host names of letters/digits/hyphens with a
# letter TLD, optional port and path. Anything else goes to Django's URLValidator (IDNs, IPs, …), which
# costs ~30 µs a call — too much for 100,000 rows of websites.
SIMPLE_URL = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?(?::\d{1,5})?(?:[/?#][^\s]*)?",
    re.IGNORECASE,
)


# Published lists write web addresses without a scheme ("www.vanke.com"), sometimes two in one cell
# ("www.suning.cn、www.suning.com") and with Chinese host names ("www.高乐股份.com").
SCHEMELESS_LIST = re.compile(r"[、，,；;\s]+")


def _published_address(raw: str) -> str:
    """The web address a published list means: its first address, with http:// when it has no scheme
    (http:// serves every site, an https site redirects; https:// would fail on the others)."""
    if raw.lower().startswith(("http://", "https://")):
        return raw
    first = next((part for part in SCHEMELESS_LIST.split(raw) if part), raw)
    return "http://" + first if "." in first else raw


def url(max_length: int = 300, *, published: bool = False):
    """A web address; `published`: also as published lists write a website (see _published_address)."""
    seen: set[str] = set()  # the same source URL on every row is checked once

    def parse(raw: str):
        if not raw:
            return ""
        if raw in seen:
            return raw
        if published:
            raw = _published_address(raw)
        if len(raw) > max_length:
            raise Invalid(f"is longer than {max_length} characters")
        if not SIMPLE_URL.fullmatch(raw):
            try:
                _url_validator(raw)
            except ValidationError:
                raise Invalid("is not a web address (http:// or https://…)") from None
        if len(seen) < 10_000:
            seen.add(raw)
        return raw

    return parse


def split_multi(raw: str) -> list[str]:
    """Cells holding several values: `;` is canonical; the Chinese `；`, `、` and `|` are accepted too."""
    if not raw:
        return []
    if "；" in raw or "、" in raw or "|" in raw or "\n" in raw:
        for sep in ("；", "、", "|", "\n"):
            raw = raw.replace(sep, ";")
    return [part.strip() for part in raw.split(";") if part.strip()]


# ------------------------------------------------------------------ export helpers
def dump_plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def neutralise(value: str) -> str:
    """Spreadsheet formula injection: prefix text that a spreadsheet would evaluate with an apostrophe
    (and text that already starts with such an apostrophe, so that the import gives it back whole)."""
    if value and (value[0] in FORMULA_CHARS or quoted(value)):
        return "'" + value
    return value


# Chinese (and other) header names accepted for canonical columns. A name maps to several canonical
# names where kinds differ (发布机构 is a source's publisher but a policy's issuer); the kind's own
# columns decide.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "名称": ("name_zh", "title"),
    "中文名称": ("name_zh",),
    "企业名称": ("name_zh",),
    "公司名称": ("name_zh",),
    "开发区名称": ("name_zh",),
    "公司全称": ("name_zh",),
    "公司中文名称": ("name_zh",),
    "企业全称": ("name_zh",),
    "纳税人名称": ("name_zh",),
    "单位名称": ("name_zh",),
    "证券简称": ("short_name",),
    "A股简称": ("short_name",),
    "公司简称": ("short_name",),
    "A股代码": ("stock_code",),
    "公司代码": ("stock_code",),
    "A股上市日期": ("listed",),
    "首发上市日期": ("listed",),
    "上市时间": ("listed",),
    "纳税人识别号": ("credit_code",),
    "社会信用代码": ("credit_code",),
    "成立时间": ("founded",),
    "注册日期": ("founded",),
    "公司网址": ("website",),
    "公司网站": ("website",),
    "网站": ("website",),
    "开发区编码": ("zone_code",),
    "所在开发区": ("zone_code",),
    "国家级开发区代码": ("zone_code",),
    "核准面积（公顷）": ("area_ha",),
    "主导产业类别": ("industries",),
    "所属省份": ("province",),
    "所在地区": (),
    "英文名称": ("name_en",),
    "英文名": ("name_en",),
    "英文名称为推导": ("name_en_derived",),
    "简称": ("short_name",),
    "统一社会信用代码": ("credit_code",),
    "信用代码": ("credit_code",),
    "股票代码": ("stock_code",),
    "证券代码": ("stock_code",),
    "板块": ("board",),
    "上市板块": ("board",),
    "省份": ("province",),
    "省": ("province",),
    "所在省份": ("province",),
    "省份代码": ("province",),
    "地市": ("prefecture",),
    "地级市": ("prefecture",),
    "所在地市": ("prefecture",),
    "所属开发区": ("zone_code",),
    "开发区代码": ("zone_code",),
    "开发区": ("zone_code",),
    "行业": ("industries",),
    "所属行业": ("industries",),
    "主导产业": ("industries",),
    "行业分类": ("sector_label",),
    "成立日期": ("founded",),
    "上市日期": ("listed",),
    "高新技术企业": ("high_tech",),
    "网址": ("website", "url"),
    "官网": ("website",),
    "简介": ("description", "summary"),
    "描述": ("description",),
    "来源": ("source_url",),
    "来源网址": ("source_url",),
    "代码": ("code",),
    "编码": ("code",),
    "类型": ("kind",),
    "类别": ("kind", "measure_category"),
    "级别": ("level",),
    "层级": ("level",),
    "批准日期": ("approved",),
    "批准时间": ("approved",),
    "设立时间": ("approved",),
    "面积": ("area_km2",),
    "面积（平方公里）": ("area_km2",),
    "面积(平方公里)": ("area_km2",),
    "经度": ("longitude",),
    "纬度": ("latitude",),
    "位置为近似": ("location_approximate",),
    "状态": ("status",),
    "曾用名": ("former_name",),
    "原名": ("former_name",),
    "状态文件": ("status_document",),
    "状态日期": ("status_date",),
    "年份": ("year",),
    "年度": ("year",),
    "指标": ("indicator",),
    "数值": ("value",),
    "值": ("value",),
    "单位": ("unit",),
    "限定": ("qualifier",),
    "标题": ("title", "title_zh"),
    "中文标题": ("title_zh",),
    "英文标题": ("title_en",),
    "发布机构": ("publisher", "issuer"),
    "发布单位": ("publisher", "issuer"),
    "发文机关": ("issuer",),
    "文号": ("document_number",),
    "发文字号": ("document_number",),
    "发布日期": ("published", "issued"),
    "成文日期": ("issued",),
    "施行日期": ("effective",),
    "生效日期": ("effective",),
    "访问日期": ("accessed",),
    "许可": ("licence",),
    "备注": ("note",),
    "摘要": ("summary",),
    "上级代码": ("parent_code",),
    "父级代码": ("parent_code",),
    "分类体系": ("scheme",),
    "措施序号": ("measure_position",),
    "措施类别": ("measure_category",),
    "措施内容": ("measure_text",),
    "适用开发区类型": ("zone_kinds",),
    "适用开发区": ("zone_codes",),
    "注册地址": ("address",),
    "地址": ("address",),
    "办公地址": ("office_address",),
    "员工人数": ("employees",),
    "公司员工数": ("employees",),
    "注册资本": ("registered_capital",),
    "注册资金": ("registered_capital",),
    "主营业务": ("main_business",),
    "公司简介": ("introduction",),
    "核准面积": ("area_ha",),
    "目录代码": ("catalogue_code",),
}


def canonical_header(raw: str, names: set[str]) -> str | None:
    """The canonical column a header cell names, given the kind's column names; None when unknown.

    Spaces inside a Chinese header are padding (the exchange writes "省    份" and "B股 简 称")."""
    cleaned = raw.strip().lstrip("\ufeff").strip()
    snake = re.sub(r"[\s\-]+", "_", cleaned.lower())
    if snake in names:
        return snake
    compact = re.sub(r"\s+", "", cleaned)
    for candidate in HEADER_ALIASES.get(cleaned) or HEADER_ALIASES.get(compact, ()):
        if candidate in names:
            return candidate
    return None


def header_names(column: str) -> list[str]:
    """Every header cell read as `column`: its canonical name, then its Chinese and published aliases."""
    return [column] + [alias for alias, targets in HEADER_ALIASES.items() if column in targets]
