"""The read-only JSON API. Each list takes the filters of its public page (the same FilterSet: the
page's address with /api/ in front gives the same rows), but is strict: a bad value is HTTP 400 with
the reason, where the page shows its error box and ignores it."""

from django.conf import settings
from django.views.generic import TemplateView
from rest_framework import viewsets

from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from industries.filters import IndustryFilter
from policies.filters import PolicyFilter
from policies.models import PolicyDocument
from zones.filters import ZoneFilter
from zones.models import Industry, Zone

from . import serializers


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """Development zones, filtered as on the zones list (province, kind, level, status, industry, ...)."""

    queryset = Zone.objects.for_api()
    serializer_class = serializers.ZoneSerializer
    filterset_class = ZoneFilter
    lookup_field = "slug"


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """Enterprises, filtered as on the enterprises list."""

    queryset = Enterprise.objects.for_api()
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = EnterpriseFilter
    lookup_field = "slug"


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    """Industry classification nodes (every level), filtered as on the industries list."""

    queryset = Industry.objects.for_api().order_by("scheme", "code")
    serializer_class = serializers.IndustrySerializer
    filterset_class = IndustryFilter
    lookup_field = "slug"


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """Policy documents, filtered as on the policies list."""

    queryset = PolicyDocument.objects.for_api()
    serializer_class = serializers.PolicySerializer
    filterset_class = PolicyFilter
    lookup_field = "slug"


class ApiHomeView(TemplateView):
    """/api/: what the API offers, its limits, and links to the schema and its docs."""

    template_name = "api/api_home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            anon_rate=settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"],
            download_rate=settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["downloads"],
        )
