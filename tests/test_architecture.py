"""docs/architecture.md and the tree agree: the layers drawn there are the import contract's, in its
order, and every package and root module of hotseat/ is drawn."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text()


def _drawn_tree() -> str:
    return DOC.split("```", 2)[1]


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [layer.strip("()") for layer in contract["layers"]]


def test_the_drawn_layers_are_the_contracts_in_its_order():
    drawn = re.findall(r"^  \(?([a-z_]+)/\)?", _drawn_tree(), flags=re.MULTILINE)
    assert drawn == _contract_layers()


def test_every_package_and_root_module_of_hotseat_is_drawn():
    tree = _drawn_tree()
    packages = {p.parent.name for p in (ROOT / "hotseat").glob("*/__init__.py")}
    modules = {p.name for p in (ROOT / "hotseat").glob("*.py") if p.name not in ("__init__.py", "wsgi.py")}
    assert {p for p in packages if f"{p}/" not in tree} == set()
    assert {m for m in modules if m not in tree} == set()
