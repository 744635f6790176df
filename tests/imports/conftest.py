"""Fixtures for the import pipeline tests: a small real-looking world and helpers to write files."""

import pytest

from tests.factories import IndustryFactory, ProvinceFactory, SourceFactory, ZoneFactory


@pytest.fixture(autouse=True)
def _imports_in_request(settings, tmp_path):
    """Run confirmed imports' tasks as they are enqueued (the database backend and its worker have tests
    of their own), in a private tmp dir."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.ATLAS_IMPORT_TMP_DIR = str(tmp_path / "uploads")


@pytest.fixture
def world(db):
    """Jiangsu with Suzhou Industrial Park and Jiangning ETDZ, Zhejiang with one zone, a few industries."""
    jiangsu = ProvinceFactory(code="32", name_zh="江苏省", name_en="Jiangsu", slug="jiangsu")
    zhejiang = ProvinceFactory(code="33", name_zh="浙江省", name_en="Zhejiang", slug="zhejiang")
    sip = ZoneFactory(
        code="32101004",
        province=jiangsu,
        name_zh="苏州工业园区",
        name_en="Suzhou Industrial Park",
        slug="suzhou-industrial-park",
    )
    jiangning = ZoneFactory(
        code="32101009",
        province=jiangsu,
        name_zh="江宁经济技术开发区",
        name_en="Jiangning Economic and Technological Development Zone",
        slug="jiangning-etdz",
    )
    hangzhou = ZoneFactory(
        code="33101001", province=zhejiang, name_zh="杭州经济技术开发区", slug="hangzhou-etdz"
    )
    sei1 = IndustryFactory(
        scheme="sei2018",
        code="1",
        name_zh="新一代信息技术产业",
        name_en="Next-generation IT",
        slug="sei2018-1",
    )
    sei11 = IndustryFactory(
        scheme="sei2018", code="1.1", name_zh="下一代信息网络产业", parent=sei1, level=2, slug="sei2018-1-1"
    )
    gbt_c = IndustryFactory(scheme="gbt4754", code="C", name_zh="制造业", slug="gbt4754-c")
    gbt39 = IndustryFactory(
        scheme="gbt4754",
        code="39",
        name_zh="计算机、通信和其他电子设备制造业",
        parent=gbt_c,
        level=2,
        slug="gbt4754-39",
    )
    # A GB/T code that is also an SEI code: bare "1" must resolve to SEI.
    gbt1 = IndustryFactory(scheme="gbt4754", code="1", name_zh="（测试）同码行业", slug="gbt4754-1")
    source = SourceFactory(url="https://example.org/gbt-37028", title="GB/T 37028-2018")
    return dict(
        jiangsu=jiangsu,
        zhejiang=zhejiang,
        sip=sip,
        jiangning=jiangning,
        hangzhou=hangzhou,
        sei1=sei1,
        sei11=sei11,
        gbt_c=gbt_c,
        gbt39=gbt39,
        gbt1=gbt1,
        source=source,
    )


@pytest.fixture
def write(tmp_path):
    """write("name.csv", text, encoding=...) → path of a file in tmp_path."""

    def _write(name: str, text: str | bytes, encoding: str = "utf-8"):
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode(encoding))
        return path

    return _write
