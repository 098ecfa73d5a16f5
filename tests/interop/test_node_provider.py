"""The interop provider's harness: a missing Node.js or package skips, or fails under CI."""

import pytest

from tests.interop import node_provider


@pytest.fixture
def package_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(node_provider, "PACKAGE", tmp_path / "absent" / "package.json")


def test_a_missing_package_fails_under_ci(package_missing, monkeypatch):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        node_provider.require_node_provider()


def test_a_missing_package_skips_outside_ci(package_missing, monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="install-node-packages"):
        node_provider.require_node_provider()


def test_a_missing_node_fails_under_ci(monkeypatch):
    monkeypatch.setattr(node_provider.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match=r"Node\.js is not installed"):
        node_provider.require_node_provider()
