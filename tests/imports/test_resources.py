"""The django-import-export resources: canonical columns out, the pipeline in."""

import pytest
import tablib

from enterprises.models import Enterprise
from enterprises.resources import EnterpriseResource
from tests.factories import EnterpriseFactory, valid_credit_code
from zones.resources import ZoneResource

pytestmark = pytest.mark.django_db


def test_zone_resource_exports_canonical_columns_respecting_the_queryset(world):
    from zones.models import Zone

    dataset = ZoneResource().export(queryset=Zone.objects.filter(province__code="32"))
    assert dataset.headers[:4] == ["code", "name_zh", "short_name", "name_en"]
    assert sorted(dataset["code"]) == ["32101004", "32101009"]


def test_enterprise_resource_dehydrates_links_as_codes(world):
    company = EnterpriseFactory(zone=world["sip"], province=world["jiangsu"])
    company.industries.set([world["sei1"], world["gbt39"]])
    row = dict(zip(*[EnterpriseResource().export().headers, EnterpriseResource().export()[0]], strict=True))
    assert (row["zone_code"], row["province"], row["industries"]) == ("32101004", "32", "1;gbt4754:39")


def test_import_data_goes_through_the_pipeline(world):
    dataset = tablib.Dataset(headers=["name_zh", "credit_code", "zone_code"])
    dataset.append(["新公司", valid_credit_code(1), "32101004"])
    dataset.append(["坏公司", "123", ""])
    result = EnterpriseResource().import_data(dataset, dry_run=True)
    assert result.has_errors()
    assert "row 3, column credit_code" in str(result.base_errors[0].error)
    assert not Enterprise.objects.exists()
    dataset = tablib.Dataset(headers=["name_zh", "credit_code", "zone_code"])
    dataset.append(["新公司", valid_credit_code(1), "32101004"])
    result = EnterpriseResource().import_data(dataset)
    assert not result.has_errors() and result.totals["new"] == 1
    assert Enterprise.objects.get().zone == world["sip"]
