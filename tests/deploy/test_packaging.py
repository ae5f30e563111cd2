"""The wheel carries every module of the app: pyproject.toml lists its packages by hand (templates and
seeds are mapped into it), so a new package directory left out of that list would be missing from
an installed server while every test in the checkout still passes."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_python_directory_of_the_app_is_a_listed_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(path.parent.relative_to(ROOT).parts)
               for path in (ROOT / "criteria_app").rglob("*.py") if "__pycache__" not in path.parts}
    assert on_disk - listed == set()
