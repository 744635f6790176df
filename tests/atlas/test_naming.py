"""Derived English names and slugs, checked on real names from GB/T 37028-2018 and NBS 2022."""

import subprocess
import sys
from pathlib import Path

import pytest

from atlas.naming import (
    derive_english_name,
    derive_slug,
    pinyin_word,
    place_english_name,
    province_english_name,
    strip_admin_suffix,
)


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("苏州工业园区", "Suzhou Industrial Park"),
        ("江宁经济技术开发区", "Jiangning Economic and Technological Development Zone"),
        ("上海漕河泾新兴技术开发区", "Shanghai Caohejing Emerging Technology Development Zone"),
        ("张家港保税港区", "Zhangjiagang Bonded Port Area"),
        ("北京天竺综合保税区", "Beijing Tianzhu Comprehensive Bonded Zone"),
        ("西安高新技术产业开发区", "Xi'an High-tech Industrial Development Zone"),
        ("成都高新技术产业开发区", "Chengdu High-tech Industrial Development Zone"),
        ("中关村国家自主创新示范区", "Zhongguancun National Innovation Demonstration Zone"),
        ("中国（上海）自由贸易试验区", "China (Shanghai) Pilot Free Trade Zone"),
        ("厦门象屿保税物流园区", "Xiamen Xiangyu Bonded Logistics Park"),
        ("天津出口加工区", "Tianjin Export Processing Zone"),
        ("长春新区", "Changchun New Area"),
        ("重庆涪陵工业园区", "Chongqing Fuling Industrial Park"),
        ("广州花都经济开发区", "Guangzhou Huadu Economic Development Zone"),
        ("六安经济技术开发区", "Lu'an Economic and Technological Development Zone"),
        ("湖南衡阳西渡高新技术产业园区", "Hunan Hengyang Xidu High-tech Industrial Park"),
        ("衡南工业集中区", "Hengnan Industrial Concentration Zone"),
        # a kind word is never swallowed by a place name (天津滨海新区, 雄安新区 vs the county 安新)
        ("天津滨海新区", "Tianjin Binhai New Area"),
        ("河北雄安新区", "Hebei Xiong'an New Area"),
        # a county with a one-character stem keeps its suffix in the pinyin word
        ("叶县产业集聚区", "Yexian Industrial Cluster Zone"),
        # punctuation of the standard's names
        (
            "新疆奎屯—独山子经济技术开发区",
            "Xinjiang Kuytun-Dushanzi Economic and Technological Development Zone",
        ),
        ("内蒙古鄂尔多斯苏里格经济开发区", "Inner Mongolia Ordos Sulige Economic Development Zone"),
    ],
)
def test_derive_english_name_of_real_zone_names(name_zh, expected):
    assert derive_english_name(name_zh) == expected


def test_caller_place_names_take_precedence_and_are_stripped():
    # A map built from the database (full names with suffix) must work like the built-in one.
    assert derive_english_name("苏州工业园区", {"苏州市": "Soochow"}) == "Soochow Industrial Park"
    assert derive_english_name("苏州工业园区") == "Suzhou Industrial Park"


def test_unknown_chinese_becomes_one_capitalised_pinyin_word():
    assert derive_english_name("漕河泾开发区") == "Caohejing Development Zone"


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("北京市", "Beijing"),
        ("内蒙古自治区", "Inner Mongolia"),
        ("广西壮族自治区", "Guangxi"),
        ("西藏自治区", "Tibet (Xizang)"),
        ("陕西省", "Shaanxi"),
        ("山西省", "Shanxi"),
        ("黑龙江省", "Heilongjiang"),
        ("新疆维吾尔自治区", "Xinjiang"),
        ("重庆市", "Chongqing"),
        ("江苏", "Jiangsu"),
    ],
)
def test_province_english_name(name_zh, expected):
    assert province_english_name(name_zh) == expected


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("苏州市", "Suzhou"),
        ("厦门市", "Xiamen"),
        ("长春市", "Changchun"),
        ("朝阳市", "Chaoyang"),
        ("延边朝鲜族自治州", "Yanbian"),
        ("长阳土家族自治县", "Changyang"),
        ("张家港市", "Zhangjiagang"),
        ("鄂尔多斯市", "Ordos"),
        ("蚌埠市", "Bengbu"),
        ("西安市", "Xi'an"),
    ],
)
def test_place_english_name(name_zh, expected):
    assert place_english_name(name_zh) == expected


def test_strip_admin_suffix_keeps_one_character_stems():
    assert strip_admin_suffix("叶县") == "叶县"
    assert strip_admin_suffix("浦东新区") == "浦东"
    assert strip_admin_suffix("宁夏回族自治区") == "宁夏"


def test_pinyin_word_uses_apostrophe_before_a_o_e():
    assert pinyin_word("延安") == "Yan'an"
    assert pinyin_word("重庆") == "Chongqing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xi'an High-tech Industrial Development Zone", "xian-high-tech-industrial-development-zone"),
        ("Inner Mongolia", "inner-mongolia"),
        ("China (Shanghai) Pilot Free Trade Zone", "china-shanghai-pilot-free-trade-zone"),
        ("苏州工业园区", "suzhougongyeyuanqu"),
        ("Lüliang", "luliang"),
        ("  --  ", ""),
    ],
)
def test_derive_slug(text, expected):
    assert derive_slug(text) == expected


def test_derive_slug_truncates_on_a_word_boundary():
    slug = derive_slug("National Sustainable Development Agenda Innovation Demonstration Zone", max_length=30)
    assert slug == "national-sustainable"
    assert len(slug) <= 30


# ------------------------------------------------------------ pinyin without pypinyin's phrase dictionary
@pytest.mark.parametrize(
    "name_zh, expected",
    [
        ("中国银行股份有限公司", "zhongguoyinhanggufenyouxiangongsi"),  # 行 hang: a kept phrase (银行)
        ("重庆长安汽车股份有限公司", "chongqingchanganqichegufenyouxiangongsi"),
        ("苏州工业园区", "suzhougongyeyuanqu"),
        # The full dictionary splits 常州|长青 as 常|州长 (governor): the kept phrases do not.
        ("常州长青科技股份有限公司", "changzhouchangqingkejigufenyouxiangongsi"),
        ("厦门银行", "xiamenyinhang"),
    ],
)
def test_search_keys_spell_polyphones_by_their_phrase(name_zh, expected):
    from atlas.search_keys import search_keys

    assert search_keys(name_zh)[0] == expected


def test_the_kept_pinyin_phrases_are_those_the_installed_pypinyin_gives():
    """pinyin_phrases.csv is derived from pypinyin's dictionary: stale after an upgrade that changes it."""
    script = Path(__file__).resolve().parents[2] / "bin" / "trim_pinyin_phrases.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
