"""zones.catalogue: matching 2018 catalogue rows to GB/T 37028 zones only when unambiguous."""

from zones.catalogue import match_catalogue, parse_month, point_basis, split_industries, unmatched_registry

PROVINCES = {"江苏省": "32", "河南省": "41", "山东省": "37", "辽宁省": "21", "上海市": "31"}


def gbt(code, name, province, type_code, level=None):
    return {
        "efz_code": code,
        "name": name,
        "province_code": province,
        "province_name": next(k for k, v in PROVINCES.items() if v == province),
        "type_code": type_code,
        "level": level or ("national" if type_code.startswith("1") else "provincial"),
    }


def row(code, name, province, level="省政府"):
    return {"代码": code, "开发区名称": name, "省份": province, "批准级别": level}


REGISTRY = [
    gbt("32101004", "苏州工业园区", "32", "101"),
    gbt("41202008", "现阳高新技术产业开发区", "41", "202"),  # the standard's extraction misreads 信阳
    gbt("37104010", "营口综合保税区", "37", "104"),  # filed under the wrong province in the standard
    gbt("31299019", "上海朱泾工业园区", "31", "299"),
    gbt("31299020", "上海朱泾工业园区", "31", "299"),
    gbt("32201049", "江苏扬州维扬经济开发区", "32", "201"),
    gbt("32102001", "江苏南京江北新区", "32", "102"),
]


def test_exact_normalised_ambiguous_doubtful_and_unmatched_rows():
    catalogue = [
        row("G321090", "苏州工业园区", "江苏省", "国务院"),
        row("S418118", "信阳高新技术产业开发区", "河南省"),
        row("G213019", "营口综合保税区", "辽宁省", "国务院"),
        row("S319025", "上海朱泾工业园区", "上海市"),
        row("S327001", "扬州维扬经济开发区", "江苏省"),
        row("S329999", "南京徐庄软件园", "江苏省"),
    ]
    results = match_catalogue(catalogue, REGISTRY, PROVINCES)
    summary = [(r.status, r.method, r.zone["efz_code"] if r.zone else "") for r in results]
    assert summary == [
        ("matched", "exact", "32101004"),
        ("matched", "normalised", "41202008"),
        ("doubtful", "", ""),  # same name, other province: never matched
        ("ambiguous", "", ""),  # two GB/T codes for one name
        ("matched", "normalised", "32201049"),  # province prefix dropped
        ("unmatched", "", ""),  # nothing similar: becomes a zone of its own
    ]
    left = {z["efz_code"]: z["note"] for z in unmatched_registry(results, REGISTRY)}
    assert set(left) == {"37104010", "31299019", "31299020", "32102001"}
    assert left["32102001"] == "the catalogue does not list this type of zone"


def test_dates_industries_and_points():
    assert parse_month("2000.04/2002.12") == ["2000-04", "2002-12"]
    assert parse_month("1992.4") == ["1992-04"]
    assert split_industries("电子信息、生物医药、纳米技术") == ["电子信息", "生物医药", "纳米技术"]
    base = {"经度_WGS84": "120.6", "坐标所在省份": "江苏省", "geocode_flag": "", "地理编码精度": "住宅区"}
    assert point_basis(base, "江苏省") == "catalogue"
    assert point_basis({**base, "地理编码精度": "区县"}, "江苏省") == "county"
    assert point_basis({**base, "地理编码精度": "市"}, "江苏省") == ""
    assert point_basis({**base, "geocode_flag": "shared_coordinate"}, "江苏省") == ""
    assert point_basis({**base, "坐标所在省份": "浙江省"}, "江苏省") == ""  # never outside the province
