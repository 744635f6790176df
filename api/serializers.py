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
    industries = _slugs(help_text="Leading industries (industry slugs).")
    website = WebsiteField()
    sources = _sources()
    page = PageUrlField()

    class Meta:
        model = Zone
        fields = [
            "code", "slug", "name_zh", "name_en", "name_en_derived", "short_name", "kind", "level", "status",
            "province", "province_name_zh", "prefecture", "approved", "area_km2", "longitude", "latitude",
            "location_approximate", "former_name", "website", "industries", "sources", "page",
        ]  # fmt: skip


class EnterpriseSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    zone = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    industries = _slugs()
    website = WebsiteField()
    sources = _sources()
    page = PageUrlField()

    class Meta:
        model = Enterprise
        fields = [
            "slug", "name_zh", "name_en", "short_name", "credit_code", "stock_code", "board", "province",
            "zone", "industries", "sector_label", "founded", "listed", "high_tech", "website", "sources",
            "page",
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
