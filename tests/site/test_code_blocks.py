"""The Python in the pages stays real: every block parses and every name it imports exists.

The pages of the site are ``README.md`` and ``docs/``. A block is the text of a fenced
```` ```python ```` block; imports of the kit are resolved for real, so a renamed or moved
name breaks this test before it breaks a reader's service.
"""

from __future__ import annotations

import ast
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
DOTTED_PATH = re.compile(r"aether_kit(\.\w+)+")
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks() -> list[tuple[str, str]]:
    blocks = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in PYTHON_BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            blocks.append((f"{page.relative_to(ROOT)}:{line}", match.group(1)))
    return blocks


BLOCKS = python_blocks()


def kit_imports(tree: ast.AST) -> list[tuple[str, str | None]]:
    """(module, name) for each ``from aether_kit… import name`` and ``import aether_kit…``."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aether_kit"):
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names if a.name.startswith("aether_kit")]
    return found


def test_the_pages_have_python_blocks():
    assert len(BLOCKS) > 20


@pytest.mark.parametrize(("where", "code"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_a_python_block_is_valid_python(where, code):
    ast.parse(code, filename=where)


@pytest.mark.parametrize(("where", "code"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_every_kit_name_a_python_block_imports_exists(where, code):
    missing = []
    for module_name, name in kit_imports(ast.parse(code, filename=where)):
        module = import_module(module_name)
        if name is not None and name != "*" and not hasattr(module, name):
            try:
                import_module(f"{module_name}.{name}")
            except ModuleNotFoundError:
                missing.append(f"{module_name}.{name}")

    assert missing == []


def resolves(dotted: str) -> bool:
    try:
        import_module(dotted)
    except ModuleNotFoundError:
        try:
            import_string(dotted)
        except ImportError:
            return False
    return True


@pytest.mark.parametrize(("where", "code"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_every_dotted_kit_path_a_python_block_names_exists(where, code):
    paths = [
        node.value
        for node in ast.walk(ast.parse(code, filename=where))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and DOTTED_PATH.fullmatch(node.value)
    ]

    assert [path for path in paths if not resolves(path)] == []
