import pytest
from django.core.cache import cache

from tests.factories import (
    EnterpriseFactory,
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    PrefectureFactory,
    ProvinceFactory,
    SourceFactory,
    ZoneFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    """Each test starts with an empty throttle history (it is kept in the default cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def atlas(db):
    """Two provinces, zones of two kinds (with industries and sources), enterprises and a policy."""
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu", name_zh="江苏省")
    zhejiang = ProvinceFactory(code="33", slug="zhejiang", name_en="Zhejiang", name_zh="浙江省")
    suzhou = PrefectureFactory(province=jiangsu, code="3205", name_en="Suzhou", name_zh="苏州市")
    source = SourceFactory(url="https://example.org/gbt37028", title="GB/T 37028-2018")
    industry = IndustryFactory(code="1", slug="sei2018-1", name_en="Next-generation IT")
    zones = [
        ZoneFactory(province=jiangsu, prefecture=suzhou, kind="etdz", slug="sip", code="32101004",
                    longitude=120.58, latitude=31.30, location_basis="catalogue", location_approximate=False,
                    catalogue_code="G321090", catalogue_approved="1994-02/1994-05", area_ha="27800.00",
                    leading_industries="电子信息;装备制造"),
        ZoneFactory(province=jiangsu, kind="high-tech", slug="nanjing-hi-tech", code="32103001"),
        ZoneFactory(province=zhejiang, kind="etdz", slug="ningbo-etdz", code="33101001"),
    ]  # fmt: skip
    for zone in zones:
        zone.sources.add(source)
    zones[0].industries.add(industry)
    enterprises = [
        EnterpriseFactory(
            province=jiangsu,
            prefecture=suzhou,
            zone=zones[0],
            slug="hyc",
            registered_address="苏州工业园区唯亭镇",
            address_source=source,
            address_year=2024,
            employees=1200,
            registered_capital="40000.0000",
            main_business="检测设备",
            zone_basis="address",
            zone_method="zone-name",
            zone_matched_text="苏州工业园区",
        ),
        EnterpriseFactory(province=zhejiang, zone=None, slug="other", board="chinext"),
    ]
    enterprises[0].industries.add(industry)
    enterprises[0].sources.add(source)
    document = PolicyDocumentFactory(slug="work-plan", title_en="Work plan")
    MeasureFactory(document=document, zone_kinds=",etdz,")
    return {"zones": zones, "enterprises": enterprises, "industry": industry, "source": source}
