"""The site builds from ``docs/`` with the README as its home and an API reference."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest
from mkdocs.config import load_config

from scripts.mkdocs_hooks import PUBLIC_PACKAGES, _page_name

ROOT = Path(__file__).resolve().parents[2]


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_the_build_fails_on_broken_links_and_pages_left_out_of_the_navigation():
    config = load_config(str(ROOT / "mkdocs.yml"))

    assert config["strict"] is True
    assert config["validation"]["nav"]["omitted_files"] >= 30  # logging.WARNING
    assert config["validation"]["nav"]["not_found"] >= 30
    assert config["validation"]["links"]["not_found"] >= 30
    assert config["validation"]["links"]["anchors"] >= 30


def test_the_home_page_is_the_readme(site):
    readme_title = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")

    home = html(site, "index.html")

    assert f">{readme_title}<" in home
    assert "Set-up on a fresh machine" in home


def test_the_readme_links_into_docs_lead_to_the_site_pages(site):
    home = html(site, "index.html")

    assert 'href="guides/migrating.html"' in home
    assert 'href="docs/' not in home


@pytest.mark.parametrize("page", ["guides/gateway.html", "configuration/index.html"])
def test_guides_and_the_configuration_reference_are_pages_of_the_site(site, page):
    assert "<h1" in html(site, page)


@pytest.mark.parametrize(("package", "title"), PUBLIC_PACKAGES)
def test_the_api_reference_documents_every_exported_name(site, package, title):
    names = getattr(import_module(package), "__all__", [])
    page_file = site / _page_name(package).replace(".md", ".html")
    if not names:
        assert not page_file.exists()
        return
    page = page_file.read_text(encoding="utf-8")

    missing = [
        name
        for name in names
        if not re.search(rf'(id="|<code>)[\w.]*\b{re.escape(name)}("|</code>)', page)
    ]

    assert missing == []


def test_an_exported_class_is_rendered_from_its_docstring(site):
    page = html(site, "reference/conf.html")

    assert 'id="aether_kit.conf.env.Env"' in page
    assert "Reads typed values from" in page
