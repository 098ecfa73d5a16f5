"""The kit's system checks: registered by ``ready()``, never by an import; every id used once."""

from __future__ import annotations

import ast
import re
from importlib import import_module
from pathlib import Path

from django.core.checks.registry import registry

import aether_kit
from aether_kit.apps import CHECK_MODULES

PACKAGE_DIR = Path(aether_kit.__file__).parent
CHECK_ID = re.compile(r"^aether_kit\.[EW]\d{3}$")


def kit_modules():
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_every_area_check_is_registered_by_ready():
    registered = set(registry.get_checks())

    for module in CHECK_MODULES:
        assert {check for check, _tag in import_module(module).CHECKS} <= registered, module


def test_every_checks_module_of_the_kit_is_listed_for_ready():
    found = {
        ".".join(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        for path in kit_modules()
        if path.name in {"checks.py", "install_checks.py"}
        and "CHECKS" in path.read_text(encoding="utf-8")
    }

    assert found == set(CHECK_MODULES)


def test_no_module_registers_a_check_when_imported():
    decorated = [
        f"{path.relative_to(PACKAGE_DIR)}:{node.lineno}"
        for path in kit_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Name)
        and decorator.func.id == "register"
    ]

    assert decorated == []


def test_every_check_id_is_written_once():
    ids = [
        node.value
        for path in kit_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CHECK_ID.match(node.value)
    ]

    assert sorted({i for i in ids if ids.count(i) > 1}) == []
