"""What the API and the downloads say about each row. Flat values and slugs, so one serializer serves
the JSON API and the CSV/XLSX/JSON downloads (api/downloads.py flattens lists to "a; b")."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enterprises.models import Enterprise
from policies.models import PolicyDocument
from zones.models import Industry, Zone


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The row's public page, absolute when a request is at hand."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        url = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class WebsiteField(serializers.URLField):
    """A website, or null when no source gives one (not "", which a URL-typed client would reject)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class TextOrNullField(serializers.CharField):
    """A text field, or null when no source gives it (so "" never stands for a value)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return str(value) if value else None


def _slugs(**kwargs):
    return serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug", **kwargs)


def _sources():
    return serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="url", help_text="URLs of the sources the row cites."
    )


class ZoneSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    province_name_zh = serializers.CharField(source="province.name_zh", read_only=True)
    prefecture = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    approved = serializers.CharField(
        source="approved_display",
        read_only=True,
        help_text="At the precision the source gives: 1984, 1984-09 or 1984-09-01.",
    )
    catalogue_code = TextOrNullField(help_text="The zone's code in the 2018 catalogue (G321090).")
    catalogue_approved = TextOrNullField(
        help_text="Both approval months where the 2018 catalogue gives two (2000-04/2002-12)."
    )
    area_ha = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True,
        help_text="Approved area (核准面积) in hectares, as the 2018 catalogue gives it.",
    )  # fmt: skip
    leading_industries = serializers.ListField(
        source="leading_industry_words",
        child=serializers.CharField(),
        read_only=True,
        help_text="Leading industries (主导产业) as the 2018 catalogue words them.",
    )
    location_basis = TextOrNullField(
        help_text="Whose point longitude/latitude are: catalogue (the zone's own geocode), or the centre of "
        "its county, prefecture or province (approximate)."
    )
    industries = _slugs(
        help_text="Industry slugs: derived by Zone Atlas from the catalogue's words through its crosswalk, "
        "or given by a source."
    )
    website = WebsiteField()
    sources = _sources()
    page = PageUrlField()

    class Meta:
        model = Zone
        fields = [
            "code", "slug", "name_zh", "name_en", "name_en_derived", "short_name", "kind", "level", "status",
            "province", "province_name_zh", "prefecture", "approved", "catalogue_code", "catalogue_approved",
            "area_ha", "area_km2", "longitude", "latitude", "location_basis", "location_approximate",
            "former_name", "website", "leading_industries", "industries", "sources", "page",
        ]  # fmt: skip


class EnterpriseSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    prefecture = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    registered_address = TextOrNullField()
    address_source = serializers.SlugRelatedField(
        read_only=True, slug_field="url", allow_null=True, help_text="URL of the registered address's source."
    )
    address_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The year the address source describes."
    )
    office_address = TextOrNullField()
    main_business = TextOrNullField()
    introduction = TextOrNullField()
    registered_capital = serializers.DecimalField(
        max_digits=16, decimal_places=4, read_only=True, allow_null=True,
        help_text="Registered capital in 10,000 yuan.",
    )  # fmt: skip
    zone = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    zone_basis = TextOrNullField(
        help_text="How the zone link was set: source, staff, or address (derived from the registered "
        "address)."
    )
    zone_method = TextOrNullField(help_text="For a link derived from the address: the matching method.")
    zone_matched_text = TextOrNullField(help_text="For a link derived from the address: the words matched.")
    industries = _slugs()
    website = WebsiteField()
    sources = _sources()
    page = PageUrlField()

    class Meta:
        model = Enterprise
        fields = [
            "slug", "name_zh", "name_en", "short_name", "credit_code", "stock_code", "board", "province",
            "prefecture", "registered_address", "address_source", "address_year", "office_address", "zone",
            "zone_basis", "zone_method", "zone_matched_text", "industries", "sector_label", "founded",
            "listed", "high_tech", "employees", "registered_capital", "main_business", "introduction",
            "website", "sources", "page",
        ]  # fmt: skip


class IndustrySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    sources = _sources()
    page = PageUrlField()

    class Meta:
        model = Industry
        fields = [
            "slug", "scheme", "code", "name_zh", "name_en", "name_en_derived", "level", "parent", "sources",
            "page",
        ]  # fmt: skip


class PolicySerializer(serializers.ModelSerializer):
    issued = serializers.CharField(source="issued_display", read_only=True)
    categories = serializers.SerializerMethodField(help_text="Categories of the document's measures.")
    sources = _sources()
    page = PageUrlField()

    class Meta:
        model = PolicyDocument
        fields = [
            "slug", "title_zh", "title_en", "title_en_derived", "issuer", "document_number", "issued",
            "effective", "status", "summary", "categories", "sources", "page",
        ]  # fmt: skip

    def get_categories(self, document) -> list[str]:
        return sorted({measure.category for measure in document.measures.all()})  # prefetched
