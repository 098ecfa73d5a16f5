"""Build hooks of the documentation site (``mkdocs.yml`` names this file).

Two pages are made at build time so that they can never drift from their source:

* the home page is the repository's ``README.md``, its ``docs/…`` links rewritten to the
  site's pages — one text for the repository page and the site;
* the API reference has one page per public package: every name the package exports
  (its ``__all__``) rendered by mkdocstrings from the docstrings of the module that
  defines it. A name added to ``__all__`` appears on the site without an edit here.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "reference"
README_DOCS_LINK = re.compile(r"\]\(docs/")

# The packages whose ``__all__`` is the kit's public API, in reading order.
PUBLIC_PACKAGES = [
    ("aether_kit.conf", "Configuration"),
    ("aether_kit.realms", "Realms"),
    ("aether_kit.multitenancy", "Multitenancy"),
    ("aether_kit.tokens", "Realm tokens"),
    ("aether_kit.gateway", "Gateway"),
    ("aether_kit.auth.keycloak", "Keycloak sign-in"),
    ("aether_kit.auth.apptoken", "App tokens"),
    ("aether_kit.health", "Health"),
    ("aether_kit.drf", "DRF"),
    ("aether_kit.external", "External apps"),
    ("aether_kit.ops", "Operations"),
    ("aether_kit.pages", "Pages"),
    ("aether_kit.testing", "Testing"),
]


def _setup_django() -> None:
    """Some public modules need the app registry; the test settings need no server."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def _public_packages() -> list[tuple[str, str, list[str]]]:
    """(package, title, exported names) for each public package that exists."""
    _setup_django()
    found = []
    for package, title in PUBLIC_PACKAGES:
        try:
            module = import_module(package)
        except ModuleNotFoundError as error:
            if error.name == package:
                continue
            raise
        names = list(getattr(module, "__all__", []))
        if names:
            found.append((package, title, names))
    return found


def _page_name(package: str) -> str:
    return f"{REFERENCE}/{package.removeprefix('aether_kit.').replace('.', '-')}.md"


def _reference_page(package: str, title: str, names: list[str]) -> str:
    module = import_module(package)
    documented: list[str] = []
    values: list[str] = []
    for name in names:
        obj = getattr(module, name)
        defined_in = getattr(obj, "__module__", None)
        is_code = inspect.isclass(obj) or inspect.isfunction(obj)
        if is_code and str(defined_in).startswith("aether_kit"):
            target = f"{defined_in}.{obj.__qualname__}"
            home = _OWNERS.get(target, package)
            if obj.__name__ == name and home == package:
                documented.append(f"::: {target}\n")
            else:
                link = f"{Path(_page_name(home)).name}#{target}"
                values.append(f"- `{name}`: [`{home}.{obj.__name__}`]({link})")
        else:
            values.append(f"- `{name}`: {_describe(obj)}")
    lines = [f"# {title}: `{package}`", ""]
    lines.append(f"`from {package} import …` — the names below are the package's public API.")
    lines.append("")
    if values:
        lines += ["## Values", "", *values, ""]
    lines += documented
    return "\n".join(lines)


def _owners(packages: list[tuple[str, str, list[str]]]) -> dict[str, str]:
    """Which package's page documents each exported class or function, when several export it.

    The package that defines it wins (the deepest one whose path contains the module), else
    the first that exports it; the other pages link there, so every anchor is unique.
    """
    exporters: dict[str, list[str]] = {}
    for package, _, names in packages:
        module = import_module(package)
        for name in names:
            obj = getattr(module, name)
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and obj.__name__ == name:
                exporters.setdefault(f"{obj.__module__}.{obj.__qualname__}", []).append(package)
    owners = {}
    for target, candidates in exporters.items():
        defining = [p for p in candidates if f"{target}.".startswith(f"{p}.")]
        owners[target] = max(defining, key=len) if defining else candidates[0]
    return owners


def _describe(obj: Any) -> str:
    doc = inspect.getdoc(obj) if not isinstance(obj, (str, int, float, frozenset)) else None
    kind = type(obj).__name__
    if doc and doc != inspect.getdoc(type(obj)):
        return f"{kind}. {doc.splitlines()[0]}"
    text = repr(obj)
    return f"{kind}, `{text[:80]}`" if len(text) <= 80 else kind


def _reference_index(packages: list[tuple[str, str, list[str]]]) -> str:
    lines = [
        "# API reference",
        "",
        "What each package exports, from the docstrings of the code. Everything not listed",
        "here is private and may change without notice.",
        "",
        "| package | exports |",
        "| --- | --- |",
    ]
    for package, title, names in packages:
        page = Path(_page_name(package)).name
        lines.append(f"| [{title} (`{package}`)]({page}) | {len(names)} |")
    return "\n".join(lines) + "\n"


_PACKAGES: list[tuple[str, str, list[str]]] = []
_OWNERS: dict[str, str] = {}


def on_config(config: Any) -> Any:
    """Adds one navigation entry per public package under "API reference"."""
    _PACKAGES[:] = _public_packages()
    _OWNERS.clear()
    _OWNERS.update(_owners(_PACKAGES))
    pages: list[Any] = [f"{REFERENCE}/index.md"]
    pages += [{package: _page_name(package)} for package, _, _ in _PACKAGES]
    for i, entry in enumerate(config["nav"]):
        if isinstance(entry, dict) and "API reference" in entry:
            config["nav"][i] = {"API reference": pages}
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    files.append(File.generated(config, "index.md", content=README_DOCS_LINK.sub("](", readme)))
    index = _reference_index(_PACKAGES)
    files.append(File.generated(config, f"{REFERENCE}/index.md", content=index))
    for package, title, names in _PACKAGES:
        content = _reference_page(package, title, names)
        files.append(File.generated(config, _page_name(package), content=content))
    return files
