"""The catalogs a central publishes to its kiosks, every version kept.

Kiosks pull the current catalog (ETag / If-None-Match keeps that cheap). Old versions are kept
because a resident who started a form under version N submits it under N, perhaps days later on
an offline kiosk: the central validates each application against the version it was made with.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from kiosk.domain.catalog import Catalog, default_catalog_dir, load_catalog
from kiosk.errors import CatalogError

CURRENT_FILE = "CURRENT"


def catalog_files(directory: Path) -> dict[str, str]:
    """Every TOML file of a catalog, keyed by its path relative to the catalog folder."""
    return {path.relative_to(directory).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(directory.rglob("*.toml"))}


def etag_of(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name, text in sorted(files.items()):
        digest.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return f'"{digest.hexdigest()[:32]}"'


class CentralCatalogs:
    def __init__(self, central_dir: Path | None, shipped: Path | None = None) -> None:
        self.root = central_dir / "catalogs" if central_dir else None
        self.shipped = shipped or default_catalog_dir()
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[int, Catalog, dict[str, str], str]] = {}

    def _current_dir(self) -> Path:
        if self.root is not None:
            pointer = self.root / CURRENT_FILE
            if pointer.exists():
                return self.root / pointer.read_text(encoding="utf-8").strip()
        return self.shipped

    def _load(self, directory: Path) -> tuple[Catalog, dict[str, str], str]:
        stamp = max((p.stat().st_mtime_ns for p in directory.rglob("*.toml")), default=0)
        with self._lock:
            cached = self._cache.get(directory)
            if cached and cached[0] == stamp:
                return cached[1], cached[2], cached[3]
        catalog = load_catalog(directory)
        files = catalog_files(directory)
        etag = etag_of(files)
        with self._lock:
            self._cache[directory] = (stamp, catalog, files, etag)
        return catalog, files, etag

    def current(self) -> Catalog:
        return self._load(self._current_dir())[0]

    def document(self) -> tuple[Catalog, dict[str, str], str]:
        """The current catalog, its files and their ETag."""
        return self._load(self._current_dir())

    def get(self, version: str) -> Catalog | None:
        """The catalog of that version if this central ever published it."""
        current = self.current()
        if current.version == version:
            return current
        # The version comes from an application; a safe name keeps "../.." from walking the disk.
        if self.root is not None and _safe_version(version) and (self.root / version).is_dir():
            return self._load(self.root / version)[0]
        shipped = self._load(self.shipped)[0]
        return shipped if shipped.version == version else None

    def publish(self, source: Path) -> Catalog:
        """Check a catalog folder and make it the current one; its version must be new."""
        if self.root is None:
            raise CatalogError(str(source), "this central has no data folder to publish into")
        catalog = load_catalog(source)  # refuses an invalid catalog before anything changes
        if not _safe_version(catalog.version):
            raise CatalogError("catalog.toml", f"version {catalog.version!r} cannot name a "
                               "folder; use letters, digits, '.', '-' or '_'")
        target = self.root / catalog.version
        if target.exists():
            if catalog_files(target) != catalog_files(source):
                raise CatalogError("catalog.toml", f"version {catalog.version} was already "
                                   "published with different content; raise the version")
        else:
            self.root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=self.root, prefix=".incoming-"))
            for name, text in catalog_files(source).items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_text(text, encoding="utf-8")
            os.replace(staging, target)
        pointer = self.root / (CURRENT_FILE + ".tmp")
        pointer.write_text(catalog.version, encoding="utf-8")
        os.replace(pointer, self.root / CURRENT_FILE)
        return catalog


def _safe_version(version: str) -> bool:
    return bool(version) and all(ch.isalnum() or ch in ".-_" for ch in version) \
        and version not in (".", "..")


def copy_catalog(source: Path, target: Path) -> None:
    """Copy a catalog folder (used by tests and by technicians preparing a new version)."""
    shutil.copytree(source, target, dirs_exist_ok=True)
