"""The extra passes' runner: which interpreter it takes, and what a missing one does."""

import os
import subprocess
import sys

import pytest

from tests.platforms import find_python

# the runner's subprocesses pick their own database, so these run once, in the SQLite pass
pytestmark = pytest.mark.skipif(
    os.environ.get("AETHER_TEST_DB") == "postgres", reason="covered by the SQLite pass"
)

THIS_VERSION = "{}.{}".format(*sys.version_info[:2])


def executable(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def empty_environment(tmp_path, monkeypatch):
    """No ``python<version>`` on PATH and an empty pyenv root."""
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    return tmp_path


def test_a_python_on_path_is_taken(empty_environment):
    on_path = empty_environment / "bin" / f"python{THIS_VERSION}"
    on_path.symlink_to(sys.executable)

    assert find_python(THIS_VERSION) == str(on_path)


def test_a_shim_that_does_not_run_gives_way_to_the_pyenv_build(empty_environment):
    executable(empty_environment / "bin" / f"python{THIS_VERSION}", "#!/bin/sh\nexit 127\n")
    build = empty_environment / "pyenv" / "versions" / f"{THIS_VERSION}.99" / "bin"
    build.mkdir(parents=True)
    (build / f"python{THIS_VERSION}").symlink_to(sys.executable)

    assert find_python(THIS_VERSION) == str(build / f"python{THIS_VERSION}")


def test_a_python_of_another_version_is_not_taken(empty_environment):
    (empty_environment / "bin" / "python3.99").symlink_to(sys.executable)

    assert find_python("3.99") is None


def run_platforms(tmp_path, ci):
    return subprocess.run(
        [sys.executable, "-m", "tests.platforms", "--only", "django61"],
        env={**os.environ, "PATH": str(tmp_path), "PYENV_ROOT": str(tmp_path), "CI": ci},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_missing_python_fails_the_run_under_ci_before_anything_is_built(tmp_path):
    result = run_platforms(tmp_path, ci="true")

    assert result.returncode == 1
    assert "django61 needs Python 3.13, which is not installed (CI is set" in result.stdout
    assert "===" not in result.stdout


def test_a_missing_python_skips_its_pass_outside_ci(tmp_path):
    result = run_platforms(tmp_path, ci="")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped: Python 3.13 is not installed" in result.stdout
