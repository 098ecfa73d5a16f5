"""Every package's public names, and every ``from aether_kit… import …`` the docs show, work."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest

import aether_kit

ROOT = Path(aether_kit.__file__).parent.parent
PACKAGES = sorted(
    ".".join(path.parent.relative_to(ROOT).parts)
    for path in (ROOT / "aether_kit").rglob("__init__.py")
)
IMPORT = re.compile(r"from (aether_kit[\w.]*) import \(?([\w\s,]+?)\)?(?:\n\n|\n(?!\s)|$)")


def documented_imports() -> list[tuple[str, str]]:
    sources = [
        ROOT / "README.md",
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "testproject").rglob("*.py"),
    ]
    found = set()
    for source in sources:
        for module, names in IMPORT.findall(source.read_text(encoding="utf-8")):
            for name in re.split(r"[\s,]+", names):
                if name and name != "as":
                    found.add((module, name))
    return sorted(found)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_of_a_package_is_its_object_not_a_submodule(package):
    module = import_module(package)

    wrong = [
        name
        for name in getattr(module, "__all__", [])
        if isinstance(getattr(module, name), ModuleType)
    ]

    assert wrong == []


def test_the_docs_show_imports():
    assert len(documented_imports()) > 20


@pytest.mark.parametrize(("module", "name"), documented_imports())
def test_every_import_the_docs_show_works(module, name):
    assert hasattr(import_module(module), name) or import_module(f"{module}.{name}")


def test_an_unknown_name_is_an_attribute_error():
    import aether_kit.realms

    with pytest.raises(AttributeError):
        aether_kit.realms.NoSuchName  # noqa: B018


def test_importing_a_package_loads_none_of_its_modules():
    import subprocess
    import sys

    code = (
        "import sys, aether_kit.multitenancy, aether_kit.drf, aether_kit.health;"
        "print(sorted(m for m in sys.modules if m.startswith(("
        "'aether_kit.multitenancy.', 'aether_kit.drf.', 'aether_kit.health.'))))"
    )
    out = subprocess.run(  # noqa: S603  (this interpreter, a fixed script)
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )

    assert out.stdout.strip() == "[]", out.stderr
