"""The catalog this kiosk uses: the latest one pulled from the central, else the shipped one.

A pulled catalog is written to a staging folder, checked with the same loader as the shipped one,
and only then swapped in with a rename, so a half-written or invalid catalog never replaces a
good one. A resident midway through a form keeps the Catalog object they started with; the new
version is used from the next service chosen.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from kiosk.domain.catalog import Catalog, default_catalog_dir, load_catalog
from kiosk.errors import CatalogError

PULLED_DIR = "catalog"


def active_catalog_dir(data_dir: Path) -> Path:
    pulled = data_dir / PULLED_DIR
    return pulled if (pulled / "catalog.toml").exists() else default_catalog_dir()


def load_active_catalog(data_dir: Path | None) -> Catalog:
    """The pulled catalog if there is a valid one, else the catalog shipped with the kiosk."""
    if data_dir is None:
        return load_catalog()
    directory = active_catalog_dir(data_dir)
    try:
        return load_catalog(directory)
    except CatalogError:
        if directory == default_catalog_dir():
            raise
        return load_catalog()  # a damaged pulled catalog must not stop the kiosk


def install_catalog(data_dir: Path, files: Mapping[str, str]) -> Catalog:
    """Check a catalog received from the central and make it the active one."""
    import tempfile  # a catalog arrives rarely; not imported before the first frame

    staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".catalog-incoming-"))
    try:
        for name, text in files.items():
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts or relative.suffix != ".toml":
                raise CatalogError(name, "unsafe file name in the catalog from the central")
            target = staging.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        catalog = load_catalog(staging)
        final = data_dir / PULLED_DIR
        retired = data_dir / ".catalog-retired"
        shutil.rmtree(retired, ignore_errors=True)
        if final.exists():
            os.replace(final, retired)
        os.replace(staging, final)
        shutil.rmtree(retired, ignore_errors=True)
        return dataclasses.replace(catalog, source=final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
