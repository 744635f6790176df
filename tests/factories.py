"""factory_boy factories shared by every test module."""

import factory
from django.utils.text import slugify

from enterprises.models import Enterprise
from enterprises.validators import credit_code_check_char
from policies.models import Measure, PolicyDocument
from zones.models import Industry, Prefecture, Province, Source, Zone, ZoneStatistic


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["url"]

    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Example publisher"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name_zh = factory.Sequence(lambda n: f"省{n}")
    name_en = factory.Sequence(lambda n: f"Province {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name_en))


class PrefectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prefecture
        django_get_or_create = ["code"]

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}{(n % 99) + 1:02d}")
    name_zh = factory.Sequence(lambda n: f"市{n}")
    name_en = factory.Sequence(lambda n: f"City {n}")


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry

    scheme = Industry.Scheme.SEI_2018
    code = factory.Sequence(lambda n: f"{n + 1}")
    name_zh = factory.Sequence(lambda n: f"产业{n}")
    name_en = factory.Sequence(lambda n: f"Industry {n}")
    slug = factory.LazyAttribute(lambda o: f"{o.scheme}-{slugify(o.code)}")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    province = factory.SubFactory(ProvinceFactory)
    # "101" + 3 digits as in the standard for the first thousand; later ones step the middle digits
    # instead of wrapping round to a code already made in the same run (unique constraint).
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}{101 + n // 1000}{n % 1000:03d}")
    name_zh = factory.Sequence(lambda n: f"开发区{n}经济技术开发区")
    name_en = factory.Sequence(lambda n: f"Zone {n} Economic and Technological Development Zone")
    slug = factory.Sequence(lambda n: f"zone-{n}")
    kind = Zone.Kind.ETDZ
    level = Zone.Level.NATIONAL


def valid_credit_code(n: int) -> str:
    first17 = f"91{n:015d}"
    return first17 + credit_code_check_char(first17)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name_zh = factory.Sequence(lambda n: f"测试科技{n}股份有限公司")
    name_en = factory.Sequence(lambda n: f"Test Technology {n} Co., Ltd.")
    slug = factory.Sequence(lambda n: f"enterprise-{n}")
    credit_code = factory.Sequence(valid_credit_code)
    stock_code = factory.Sequence(lambda n: f"{600000 + n}")
    board = Enterprise.Board.SSE_MAIN
    province = factory.SubFactory(ProvinceFactory)


class StatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZoneStatistic

    zone = None
    year = 2024
    indicator = ZoneStatistic.Indicator.GDP
    value = 169000
    unit = "100 million yuan"
    source = factory.SubFactory(SourceFactory)


class PolicyDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyDocument

    title_en = factory.Sequence(lambda n: f"Policy {n}")
    title_zh = factory.Sequence(lambda n: f"政策{n}")
    slug = factory.Sequence(lambda n: f"policy-{n}")
    issuer = "Ministry of Commerce"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    document = factory.SubFactory(PolicyDocumentFactory)
    position = factory.Sequence(lambda n: n + 1)
    category = Measure.Category.RD_FUNDING
    text = "Government-backed R&D funds."
