"""The service catalog: services and their fields, loaded from assets/catalog/ and checked.

The catalog is data (see docs/catalog-format.md). Loading checks everything the rest of the kiosk
relies on, so a mistake in a file stops start-up with a message naming the file, the service and
the field, instead of surprising a resident halfway through a form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.cache.toml import load_toml
from kiosk.domain.consultations import Consultation, parse_consultation, valid_consultation_id
from kiosk.errors import CatalogError, KioskError, UnknownServiceError
from kiosk.i18n import LANGUAGES
from kiosk.paths import assets_dir

LocalizedText = Mapping[str, str]
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class FieldType(StrEnum):
    CHOICE = "choice"
    YES_NO = "yes_no"
    NUMBER = "number"
    DATE = "date"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    SHORT_TEXT = "short_text"


# Which validation keys each type accepts; anything else is a typo worth stopping for.
_VALIDATION_KEYS: dict[FieldType, set[str]] = {
    FieldType.CHOICE: set(),
    FieldType.YES_NO: set(),
    FieldType.NUMBER: {"min", "max", "integer", "unit"},
    FieldType.DATE: {"min", "max"},
    FieldType.ID_NUMBER: set(),
    FieldType.PHONE: set(),
    FieldType.SHORT_TEXT: {"min_length", "max_length"},
}
MAX_CHOICES = 6
DEFAULT_MAX_LENGTH = 50


@dataclass(frozen=True)
class Choice:
    """One option of a choice question, in every language."""

    value: str
    label: LocalizedText


@dataclass(frozen=True)
class Field:
    """One question of a service: its kind, rules and words in every language."""

    id: str
    type: FieldType
    label: LocalizedText
    prompt: LocalizedText
    help: LocalizedText
    required: bool = True
    sensitive: bool = False
    choices: tuple[Choice, ...] = ()
    validation: Mapping[str, Any] = field(default_factory=dict)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Service:
    """One service a resident can apply for, with its questions in order."""

    id: str
    icon: str
    title: LocalizedText
    summary: LocalizedText
    consent: LocalizedText
    fields: tuple[Field, ...]
    retention_days: int = 7
    category: str | None = None   # the id of one of the manifest's [categories], if any

    def field(self, field_id: str) -> Field | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class Category:
    """A heading on the home screen that holds several services (养老, 医保, …)."""

    id: str
    icon: str
    title: LocalizedText
    summary: LocalizedText | None = None


class UnknownConsultationError(KioskError):
    """A consultation id that the catalog does not have."""


@dataclass(frozen=True)
class Catalog:
    """Every service of one catalog version, as published by the township."""

    version: str
    services: tuple[Service, ...]
    source: Path | None = None
    consultations: tuple[Consultation, ...] = ()
    categories: tuple[Category, ...] = ()   # in the manifest's order; () means one flat list

    def in_category(self, category_id: str | None) -> tuple[Service, ...]:
        """The services filed under `category_id` (None: those under no category)."""
        return tuple(s for s in self.services if s.category == category_id)

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise UnknownServiceError(service_id, [s.id for s in self.services])

    def consultation(self, consultation_id: str) -> Consultation:
        for consultation in self.consultations:
            if consultation.id == consultation_id:
                return consultation
        raise UnknownConsultationError(f"unknown consultation '{consultation_id}'")

    def open_consultations(self, today: dt.date) -> tuple[Consultation, ...]:
        """Consultations taking votes on `today` (the kiosk's local date), in catalog order."""
        return tuple(c for c in self.consultations if c.is_open(today))

    def closed_consultations(self, today: dt.date) -> tuple[Consultation, ...]:
        return tuple(c for c in self.consultations if not c.is_open(today))

    def to_json(self) -> dict[str, Any]:
        """The catalog as plain data, for `kiosk catalog --json` and other tools."""
        return {
            "version": self.version,
            "services": [
                {
                    "id": s.id,
                    "title": dict(s.title),
                    "category": s.category,
                    "fields": [
                        {
                            "id": f.id,
                            "type": f.type.value,
                            "required": f.required,
                            "sensitive": f.sensitive,
                            "label": dict(f.label),
                            "choices": [c.value for c in f.choices],
                            "validation": {k: v for k, v in f.validation.items() if k != "unit"},
                        }
                        for f in s.fields
                    ],
                }
                for s in self.services
            ],
            "consultations": [c.to_json() for c in self.consultations],
            "categories": [{"id": c.id, "icon": c.icon, "title": dict(c.title)}
                           for c in self.categories],
        }


def default_catalog_dir() -> Path:
    return assets_dir() / "catalog"


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read and check the manifest and every service file it names."""
    directory = directory or default_catalog_dir()
    manifest_path = directory / "catalog.toml"
    manifest = _read_toml(manifest_path, directory)
    name = _relative(manifest_path, directory)
    version = manifest.get("version")
    if not isinstance(version, str) or not version.strip():
        raise CatalogError(name, "'version' must be a non-empty string")
    service_ids = manifest.get("services")
    if not isinstance(service_ids, list) or not service_ids:
        raise CatalogError(name, "'services' must list at least one service id")
    services = []
    for service_id in service_ids:
        if not isinstance(service_id, str) or not _ID_PATTERN.match(service_id):
            raise CatalogError(name, f"bad service id {service_id!r}")
        path = directory / "services" / f"{service_id}.toml"
        if not path.exists():
            raise CatalogError(name, f"service file {_relative(path, directory)} is missing",
                               service=service_id)
        services.append(_parse_service(_read_toml(path, directory), _relative(path, directory),
                                       service_id))
    if len({s.id for s in services}) != len(services):
        raise CatalogError(name, "a service is listed twice")
    categories = _parse_categories(manifest.get("categories", {}), name)
    _check_categories(categories, services, directory)
    return Catalog(version=version, services=tuple(services), source=directory,
                   consultations=_load_consultations(manifest, name, directory),
                   categories=categories)


def _parse_categories(raw: Any, name: str) -> tuple[Category, ...]:
    """The optional `[categories.<id>]` tables of the manifest, in the order written."""
    if not isinstance(raw, Mapping):
        raise CatalogError(name, "'categories' must be a table of [categories.<id>] tables")
    categories = []
    for category_id, table in raw.items():
        where = f"category '{category_id}'"
        if not _ID_PATTERN.match(str(category_id)):
            raise CatalogError(name, f"bad category id {category_id!r}")
        if not isinstance(table, Mapping):
            raise CatalogError(name, f"{where} must be a table with 'icon' and 'title'")
        unknown = set(table) - {"icon", "title", "summary"}
        if unknown:
            raise CatalogError(name, f"{where} has unknown keys {sorted(unknown)}")
        icon = table.get("icon")
        if not isinstance(icon, str) or not _ID_PATTERN.match(icon):
            raise CatalogError(name, f"{where}: 'icon' must name an icon file")
        title = _text(table.get("title"), name, f"categories.{category_id}.title", "")
        summary = (_text(table["summary"], name, f"categories.{category_id}.summary", "")
                   if "summary" in table else None)
        categories.append(Category(str(category_id), icon, title, summary))
    return tuple(categories)


def _check_categories(categories: tuple[Category, ...], services: list[Service],
                      directory: Path) -> None:
    """Every service's category is declared, and every declared category holds a service."""
    declared = {c.id for c in categories}
    for service in services:
        if service.category is not None and service.category not in declared:
            file = _relative(directory / "services" / f"{service.id}.toml", directory)
            known = ", ".join(sorted(declared)) or "none declared"
            raise CatalogError(file, f"category {service.category!r} is not declared in "
                                     f"catalog.toml's [categories] ({known})", service.id)
    used = {s.category for s in services}
    for category in categories:
        if category.id not in used:
            raise CatalogError("catalog.toml", f"category '{category.id}' has no services; "
                                               "give a service that category or remove it")


def _load_consultations(manifest: Mapping[str, Any], name: str, directory: Path
                        ) -> tuple[Consultation, ...]:
    """The optional `consultations = [...]` of the manifest, each from consultations/<id>.toml."""
    ids = manifest.get("consultations", [])
    if not isinstance(ids, list):
        raise CatalogError(name, "'consultations' must be a list of consultation ids")
    consultations = []
    for consultation_id in ids:
        if not valid_consultation_id(consultation_id):
            raise CatalogError(name, f"bad consultation id {consultation_id!r}")
        path = directory / "consultations" / f"{consultation_id}.toml"
        if not path.exists():
            raise CatalogError(name, f"consultation '{consultation_id}': file "
                                     f"{_relative(path, directory)} is missing")
        consultations.append(parse_consultation(_read_toml(path, directory),
                                                _relative(path, directory), consultation_id))
    if len({c.id for c in consultations}) != len(consultations):
        raise CatalogError(name, "a consultation is listed twice")
    return tuple(consultations)


def _relative(path: Path, directory: Path) -> str:
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)


def _read_toml(path: Path, directory: Path) -> dict[str, Any]:
    """The parsed file, parsed once per content (kiosk.cache.toml: tomllib only on a miss)."""
    try:
        return load_toml(path)
    except FileNotFoundError:
        raise CatalogError(_relative(path, directory), "file not found") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError and UnicodeDecodeError are ValueErrors
        raise CatalogError(_relative(path, directory), f"not valid TOML: {exc}") from None


def _text(raw: Any, file: str, what: str, service: str, field_id: str | None = None
          ) -> LocalizedText:
    if not isinstance(raw, Mapping):
        raise CatalogError(file, f"'{what}' must be a table with {', '.join(LANGUAGES)}",
                           service, field_id)
    for language in LANGUAGES:
        value = raw.get(language)
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(file, f"'{what}' has no {language} text", service, field_id)
    return {lang: str(raw[lang]).strip() for lang in LANGUAGES}


def _parse_service(raw: dict[str, Any], file: str, expected_id: str) -> Service:
    service_id = raw.get("id")
    if service_id != expected_id:
        raise CatalogError(file, f"'id' is {service_id!r} but the file is for {expected_id!r}",
                           expected_id)
    icon = raw.get("icon")
    if not isinstance(icon, str) or not _ID_PATTERN.match(icon):
        raise CatalogError(file, "'icon' must name an icon file", service_id)
    retention = raw.get("retention_days", 7)
    if not isinstance(retention, int) or retention < 0:
        raise CatalogError(file, "'retention_days' must be a whole number ≥ 0", service_id)
    category = raw.get("category")
    if category is not None and (not isinstance(category, str)
                                 or not _ID_PATTERN.match(category)):
        raise CatalogError(file, "'category' must be the id of one of catalog.toml's "
                                 "[categories]", service_id)
    raw_fields = raw.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise CatalogError(file, "a service needs at least one [[fields]] entry", service_id)
    fields = tuple(_parse_field(f, file, service_id, i) for i, f in enumerate(raw_fields))
    seen: set[str] = set()
    for parsed in fields:
        if parsed.id in seen:
            raise CatalogError(file, "field id used twice", service_id, parsed.id)
        seen.add(parsed.id)
    return Service(
        id=service_id,
        icon=icon,
        title=_text(raw.get("title"), file, "title", service_id),
        summary=_text(raw.get("summary"), file, "summary", service_id),
        consent=_text(raw.get("consent"), file, "consent", service_id),
        fields=fields,
        retention_days=retention,
        category=category,
    )


def _parse_field(raw: Any, file: str, service: str, index: int) -> Field:
    if not isinstance(raw, Mapping):
        raise CatalogError(file, f"fields[{index}] is not a table", service)
    field_id = raw.get("id")
    if not isinstance(field_id, str) or not _ID_PATTERN.match(field_id):
        raise CatalogError(file, f"fields[{index}] has a bad or missing 'id' ({field_id!r})",
                           service)
    try:
        field_type = FieldType(str(raw.get("type")))
    except ValueError:
        allowed = ", ".join(t.value for t in FieldType)
        raise CatalogError(file, f"unknown type {raw.get('type')!r} (allowed: {allowed})",
                           service, field_id) from None
    for flag in ("required", "sensitive"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise CatalogError(file, f"'{flag}' must be true or false", service, field_id)
    validation = raw.get("validation", {})
    if not isinstance(validation, Mapping):
        raise CatalogError(file, "'validation' must be a table", service, field_id)
    unknown = set(validation) - _VALIDATION_KEYS[field_type]
    if unknown:
        raise CatalogError(file, f"validation keys {sorted(unknown)} do not apply to "
                                 f"type '{field_type}'", service, field_id)
    _check_validation(field_type, validation, file, service, field_id)
    choices = _parse_choices(raw.get("choices"), field_type, file, service, field_id)
    checked_validation = dict(validation)
    if "unit" in checked_validation:
        checked_validation["unit"] = _text(validation["unit"], file, "validation.unit", service,
                                           field_id)
    return Field(
        id=field_id,
        type=field_type,
        label=_text(raw.get("label"), file, "label", service, field_id),
        prompt=_text(raw.get("prompt"), file, "prompt", service, field_id),
        help=_text(raw.get("help"), file, "help", service, field_id),
        required=bool(raw.get("required", True)),
        sensitive=bool(raw.get("sensitive", False)),
        choices=choices,
        validation=checked_validation,
    )


def _check_validation(field_type: FieldType, validation: Mapping[str, Any], file: str,
                      service: str, field_id: str) -> None:
    def fail(problem: str) -> CatalogError:
        return CatalogError(file, problem, service, field_id)

    if field_type is FieldType.NUMBER:
        for key in ("min", "max"):
            if key in validation and (isinstance(validation[key], bool)
                                      or not isinstance(validation[key], int | float)):
                raise fail(f"validation.{key} must be a number")
        if "min" in validation and "max" in validation and validation["min"] > validation["max"]:
            raise fail("validation.min is larger than validation.max")
    elif field_type is FieldType.DATE:
        for key in ("min", "max"):
            value = validation.get(key)
            if value is None or value == "today":
                continue
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise fail(f"validation.{key} must be YYYY-MM-DD or \"today\"") from None
    elif field_type is FieldType.SHORT_TEXT:
        for key in ("min_length", "max_length"):
            value = validation.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 0):
                raise fail(f"validation.{key} must be a whole number")


def _parse_choices(raw: Any, field_type: FieldType, file: str, service: str, field_id: str
                   ) -> tuple[Choice, ...]:
    if field_type is not FieldType.CHOICE:
        if raw:
            raise CatalogError(file, "only 'choice' fields have choices", service, field_id)
        return ()
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_CHOICES:
        raise CatalogError(file, f"a choice field needs 2 to {MAX_CHOICES} choices",
                           service, field_id)
    choices = []
    for item in raw:
        value = item.get("value") if isinstance(item, Mapping) else None
        if not isinstance(value, str) or not value:
            raise CatalogError(file, "every choice needs a 'value'", service, field_id)
        choices.append(Choice(value=value, label=_text(item.get("label"), file,
                                                       f"choice '{value}' label", service,
                                                       field_id)))
    if len({c.value for c in choices}) != len(choices):
        raise CatalogError(file, "two choices share a value", service, field_id)
    return tuple(choices)
