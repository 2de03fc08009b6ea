"""The one exception hierarchy of the kiosk.

Every error a person may see carries a message written for them; the CLI prints it and exits
non-zero, the UI shows it in plain words. Nothing here ever reaches a resident as a traceback.
"""

from __future__ import annotations

from typing import Any


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""


class ConfigError(KioskError):
    """The settings file or a setting value is unusable."""


class CatalogError(KioskError):
    """A catalog file is invalid; the message names the file, the service and the field."""

    def __init__(self, file: str, problem: str, service: str | None = None,
                 field: str | None = None) -> None:
        self.file, self.service, self.field, self.problem = file, service, field, problem
        where = [f"file {file}"]
        if service:
            where.append(f"service '{service}'")
        if field:
            where.append(f"field '{field}'")
        super().__init__(f"invalid catalog: {', '.join(where)}: {problem}")


class UnknownServiceError(KioskError):
    """A service id that the catalog does not have."""

    def __init__(self, service_id: str, known: list[str]) -> None:
        self.service_id = service_id
        super().__init__(f"unknown service '{service_id}'; known services: {', '.join(known)}")


class FieldError(KioskError):
    """One answer failed validation.

    `key` names a message in the i18n catalog (e.g. ``error.phone.format``) and `params` fills it,
    so the UI can say it in the resident's language and the CLI in English.
    """

    def __init__(self, field_id: str, key: str, **params: Any) -> None:
        self.field_id, self.key, self.params = field_id, key, params
        super().__init__(f"{field_id}: {key} {params}" if params else f"{field_id}: {key}")


class StoreError(KioskError):
    """The local database could not do what was asked (disk full, corrupt file...)."""


class DiskFullError(StoreError):
    """The disk is full: nothing was written, and what was stored before is intact."""


class SyncError(KioskError):
    """Base of errors met while talking to the central system."""
