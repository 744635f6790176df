"""The django-import-export resource of policies (the admin's export), built from the spec's columns.

The columns are defined once, in `policies.importing`. The resource is kept apart from the spec so that
an import run, which needs only the spec, never loads django-import-export, tablib and openpyxl.
"""

from imports.resource import resource_for

from .importing import PolicySpec
from .models import PolicyDocument

PolicyResource = resource_for(PolicySpec, "PolicyResource", model=PolicyDocument)
