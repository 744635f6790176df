"""The zones app's own import kinds (zones/importing/specs.py) on the rows users get wrong: a code whose
province is unknown, an unknown prefecture, an industry code written GB/T style, two sources for one
figure, a new source named in a dry run."""

import pytest

from imports.engine import run_import
from zones.models import Source, Zone

pytestmark = pytest.mark.django_db


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_a_zone_whose_code_names_no_known_province_needs_one(world, write):
    text = "code,name_zh,kind\n99101001,某开发区,etdz\n"
    result = run_import("zones", write("z.csv", text))
    [message] = messages(result)
    assert message.startswith("z.csv, row 2, column province: ")
    assert message.endswith("is required (the code's first two digits name no known province)")


def test_an_unknown_prefecture_is_named(world, write):
    text = "code,name_zh,kind,prefecture\n32101099,某开发区,etdz,3299\n"
    result = run_import("zones", write("z.csv", text))
    assert len(result.errors) == 1
    assert "column prefecture: '3299' is not a known prefecture (4-digit NBS code)" in messages(result)[0]


def test_a_prefecture_of_no_known_province_is_refused(world, write):
    result = run_import("prefectures", write("p.csv", "code,name_zh\n9901,某市\n"))
    assert (
        "column code" in messages(result)[0] and "starts with no known province code" in messages(result)[0]
    )


def test_an_empty_english_name_on_an_existing_zone_keeps_the_stored_one(world, write):
    text = "code,name_zh,kind,name_en,name_en_derived\n32101004,苏州工业园区,etdz,,\n"
    result = run_import("zones", write("z.csv", text))
    assert result.errors == []
    assert Zone.objects.get(code="32101004").name_en == "Suzhou Industrial Park"


def test_gbt_codes_may_carry_their_section_letter(world, write):
    text = "code,name_zh,kind,industries\n32101009,江宁经济技术开发区,etdz,C39\n"
    result = run_import("zones", write("z.csv", text))
    assert result.errors == []
    assert list(Zone.objects.get(code="32101009").industries.values_list("code", flat=True)) == ["39"]


def test_a_figure_cites_exactly_one_source(world, write):
    text = (
        "zone_code,year,indicator,value,source_url\n"
        "32101004,2023,gdp,1,https://example.org/a;https://example.org/b\n"
    )
    result = run_import("statistics", write("s.csv", text))
    assert "must name exactly one source URL" in messages(result)[0]


def test_a_dry_run_accepts_a_new_source_without_writing_it(world, write):
    text = "zone_code,year,indicator,value,source_url\n32101004,2023,gdp,1,https://example.org/new-figure\n"
    result = run_import("statistics", write("s.csv", text), dry_run=True)
    assert (result.created, result.errors) == (1, [])
    assert not Source.objects.filter(url="https://example.org/new-figure").exists()
