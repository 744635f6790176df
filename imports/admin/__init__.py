"""The admin of import batches: upload → preview → confirm → progress, batch history and rollback."""

from . import batches  # noqa: F401  (register the model admins)
