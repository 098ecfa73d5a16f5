"""Imports inside aether_kit run only downwards through the layers of docs/architecture.md.

Each top-level module or package of the kit has a layer; a module may import
its own layer and the ones below, never one above. A dependency that would run
upwards needs a hook instead (a setting naming a class, a signal).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import aether_kit

PACKAGE_DIR = Path(aether_kit.__file__).parent

LAYERS: dict[str, int] = {
    # 1: settings, the lazy-export helper, realm names, the current realm, gateway paths
    "__init__": 1,
    "_lazy": 1,
    "conf": 1,
    "realms": 1,
    # 2: outbound HTTP and the operations plumbing (logging, cache, metrics, storage, jobs)
    "external": 2,
    "_middleware": 2,
    # URL patterns whose view is imported on first use, for the URLconfs of layers 3 and up
    "_lazy_views": 2,
    "ops": 2,
    # circuit breakers beside them, shared by the Redis clients (ops) and outbound HTTP
    # (external); they read settings only
    "breaker": 2,
    # 3: realm-scoped models, views and users
    "multitenancy": 3,
    # 4: realm tokens: keys, verification, identities, users from claims
    "tokens": 4,
    # 5: who the caller is
    "gateway": 5,
    "auth": 5,
    # 6: what a project mounts and uses: endpoints, DRF pieces, commands, pages, test tools
    "health": 6,
    "drf": 6,
    "pages": 6,
    "management": 6,
    "testing": 6,
    "templatetags": 6,
    "context_processors": 6,
    "page_checks": 6,
    "prettify": 6,
    "apps": 6,
    "urls": 6,
    "models": 6,
    "migrations": 6,
}

# packages of one layer that use each other only through the other's public names
SIBLINGS: dict[str, str] = {"gateway": "auth", "auth": "gateway"}

# (importing module, imported module) pairs that run upwards on purpose; none today.
EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def component(dotted: str) -> str:
    """``aether_kit.ops.cache`` -> ``ops``; the package itself -> ``__init__``."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at module level or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.add(node.module)
    return found


def upward_imports(importer: str, targets: set[str]) -> list[str]:
    """The kit modules among ``targets`` that sit in a layer above ``importer``'s."""
    own = LAYERS.get(component(importer), 0)
    return sorted(
        target
        for target in targets
        if target.split(".")[0] == "aether_kit"
        and LAYERS.get(component(target), 0) > own
        and (importer, target) not in EXCEPTIONS
    )


def sibling_internals(importer: str, targets: set[str]) -> list[str]:
    """The modules of a sibling package (not the package's public names) among ``targets``."""
    sibling = SIBLINGS.get(component(importer))
    return sorted(
        target
        for target in targets
        if sibling is not None
        and target.split(".")[0] == "aether_kit"
        and component(target) == sibling
        and target != f"aether_kit.{sibling}"
    )


MODULES = sorted(PACKAGE_DIR.rglob("*.py"))


def test_every_part_of_the_kit_has_a_layer():
    components = {component(module_name(path)) for path in MODULES}

    assert components - set(LAYERS) == set()


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_module_imports_no_layer_above_its_own(path):
    name = module_name(path)

    assert upward_imports(name, imported_modules(path)) == []


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_gateway_and_auth_use_only_each_others_public_names(path):
    name = module_name(path)

    assert sibling_internals(name, imported_modules(path)) == []


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_module_imports_neither_the_tests_nor_the_test_project(path):
    outside = sorted(
        target
        for target in imported_modules(path)
        if target.split(".")[0] in {"tests", "testproject"}
    )

    assert outside == []


def test_an_upward_import_is_reported():
    """The rule itself can fail: logging code reading the realm through multitenancy."""
    targets = {"aether_kit.multitenancy.models", "aether_kit.realms.context"}

    assert upward_imports("aether_kit.ops.log_context", targets) == [
        "aether_kit.multitenancy.models"
    ]


def test_the_lowest_layer_holds_settings_and_realms_only():
    lowest = {name for name, layer in LAYERS.items() if layer == 1}

    assert lowest == {"__init__", "_lazy", "conf", "realms"}


def test_tokens_sit_below_the_gateway_and_the_sign_in():
    assert upward_imports("aether_kit.tokens.verifier", {"aether_kit.gateway.paths"}) == [
        "aether_kit.gateway.paths"
    ]
    assert upward_imports("aether_kit.tokens.users", {"aether_kit.auth.keycloak"}) == [
        "aether_kit.auth.keycloak"
    ]


def test_a_sibling_internal_import_is_reported_and_its_public_name_is_not():
    targets = {"aether_kit.gateway.authentication", "aether_kit.gateway"}

    assert sibling_internals("aether_kit.auth.apptoken.views", targets) == [
        "aether_kit.gateway.authentication"
    ]
