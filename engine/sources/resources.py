"""Where gradstep's resources live: the checkout, a PyInstaller bundle, or a pip install."""

from __future__ import annotations

import site
import sys
from pathlib import Path


def resource_roots() -> list[Path]:
    """Folders that may hold the ``resources`` tree, most specific first."""
    roots = [Path(__file__).resolve().parents[2] / "resources"]
    bundle_root = getattr(sys, "_MEIPASS", None)  # set inside a PyInstaller bundle
    if bundle_root:
        roots.append(Path(bundle_root) / "resources")
    # `pip install .` puts them under <prefix>/share/gradstep (pyproject data-files).
    roots.extend(Path(prefix) / "share" / "gradstep" for prefix in (sys.prefix, site.getuserbase()))
    return roots


def resource_dirs(name: str) -> list[Path]:
    """Candidate folders for the resource folder ``name`` (e.g. "icons", "examples")."""
    return [root / name for root in resource_roots()]


def find_resource(name: str, filename: str) -> Path | None:
    """The first existing ``<root>/<name>/<filename>``, or None."""
    for folder in resource_dirs(name):
        if (folder / filename).is_file():
            return folder / filename
    return None
