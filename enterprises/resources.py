"""The django-import-export resource of enterprises (the admin's export), built from the spec's columns.

The columns are defined once, in `enterprises.importing`. The resource is kept apart from the spec so that
an import run, which needs only the spec, never loads django-import-export, tablib and openpyxl.
"""

from imports.resource import resource_for

from .importing import EnterpriseSpec

EnterpriseResource = resource_for(EnterpriseSpec, "EnterpriseResource")
