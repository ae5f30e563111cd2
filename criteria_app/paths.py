"""Where the app's own files are: the package, and templates/ and seeds/ (checkout or wheel)."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """templates/ and seeds/ sit at the top of a checkout; an installed wheel carries them inside the package."""
    in_checkout = PACKAGE_DIR.parent / name
    return in_checkout if in_checkout.is_dir() else PACKAGE_DIR / "_data" / name
