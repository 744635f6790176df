"""Hints for the OpenAPI schema where drf-spectacular cannot read a filter's value type.

The policy list's zone and industry facets filter through the measures, so the schema generator finds
no model field to take their type from; their values are slugs (strings). The issuer facet's choices
are the issuers the data names, read from the database: listing them as an enum would make the schema
(and ``manage.py check``, which builds it) query the database, so it is declared a plain string too.
Declared here, beside the API, so the subject apps need not know about the schema generator."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from policies.filters import ApplicableZoneFacet, IssuerFacet, MeasureIndustryFacet


def declare_filter_types() -> None:
    for facet in (ApplicableZoneFacet, MeasureIndustryFacet, IssuerFacet):
        extend_schema_field(OpenApiTypes.STR)(facet)
