"""The suite's extra passes, after ``tests.run``: other platforms than the default one.

``python -m tests.platforms [--only NAME ...] [pytest args]``. ``tests.run`` runs the
whole suite on one combination (the virtualenv's Python and Django, psycopg 3). These
passes cover what it cannot:

- ``django61``: the newest Django the kit supports on the newest Python (3.13), on SQLite;
- ``psycopg2``: the PostgreSQL suite with psycopg2 alone, what ``[postgres]`` users get
  (Django prefers psycopg 3 whenever it is installed, and ``[test]`` installs it).

Each pass builds (or refreshes) its own virtualenv under ``.venv-platforms/``. A Python
that cannot be found is skipped with a message outside CI and fails the run under CI,
before anything is built.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.run import exit_code
from tests.services import under_ci

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".venv-platforms"


@dataclass(frozen=True)
class Pass:
    name: str
    description: str
    python: str | None  # "3.13": found on PATH or in pyenv; None: this interpreter
    constraint: str  # a file under .ci/ that keeps the pass's Django
    database: str  # AETHER_TEST_DB
    uninstall: tuple[str, ...] = ()


PASSES = (
    Pass(
        name="django61",
        description="Django 6.1 on Python 3.13, SQLite",
        python="3.13",
        constraint=".ci/constraints-django61.txt",
        database="sqlite",
    ),
    Pass(
        name="psycopg2",
        description="psycopg2 alone, PostgreSQL",
        python=None,
        constraint=".ci/constraints-django52.txt",
        database="postgres",
        uninstall=("psycopg", "psycopg-binary", "psycopg-pool"),
    ),
)


def _answers(executable: str, version: str) -> bool:
    """Whether ``executable`` runs and is Python ``version`` (a pyenv shim may do neither)."""
    try:
        result = subprocess.run(  # noqa: S603
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return False
    return result.returncode == 0 and result.stdout.strip() == version


def _pyenv_root() -> Path | None:
    if os.environ.get("PYENV_ROOT"):
        return Path(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return None
    result = subprocess.run(  # noqa: S603
        [pyenv, "root"], capture_output=True, text=True, timeout=60, check=False
    )
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def find_python(version: str) -> str | None:
    """``python<version>`` on PATH, else the newest pyenv build of that version."""
    candidates: list[str] = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    root = _pyenv_root()
    if root is not None:
        builds = sorted((root / "versions").glob(f"{version}*/bin/python{version}"), reverse=True)
        candidates.extend(str(build) for build in builds)
    return next((found for found in candidates if _answers(found, version)), None)


def _call(args: list[str], **env: str) -> int:
    return subprocess.call(args, cwd=ROOT, env={**os.environ, **env})  # noqa: S603


def run_pass(one: Pass, python: str, pytest_args: list[str]) -> int:
    """Build the pass's virtualenv, then run the suite in it; the first failing step's code."""
    venv = VENVS / one.name
    venv_python = str(venv / "bin" / "python")
    steps = [[python, "-m", "venv", str(venv)]]
    steps.append([venv_python, "-m", "pip", "install", "-q", "-c", one.constraint, "-e", ".[test]"])
    if one.uninstall:
        steps.append([venv_python, "-m", "pip", "uninstall", "-q", "-y", *one.uninstall])
    for step in steps:
        code = _call(step)
        if code != 0:
            return code
    return _call([venv_python, "-m", "pytest", *pytest_args], AETHER_TEST_DB=one.database)


def _parse(argv: list[str]) -> tuple[list[str], list[str]]:
    only: list[str] = []
    rest = list(argv)
    while len(rest) >= 2 and rest[0] == "--only":
        only.append(rest[1])
        rest = rest[2:]
    return only, rest


def main(argv: list[str]) -> int:
    only, pytest_args = _parse(argv)
    chosen = [one for one in PASSES if not only or one.name in only]
    pythons: dict[str, str] = {}
    missing: list[str] = []
    for one in chosen:
        found = find_python(one.python) if one.python else sys.executable
        if found is None:
            missing.append(f"{one.name} needs Python {one.python}, which is not installed")
        else:
            pythons[one.name] = found
    if missing and under_ci():
        print("\n".join(missing) + " (CI is set, so this is a failure)", flush=True)
        return 1
    failed: list[str] = []
    for one in chosen:
        print(f"\n=== {one.name}: {one.description} ===", flush=True)
        if one.name not in pythons:
            print(f"skipped: Python {one.python} is not installed", flush=True)
            continue
        started = time.monotonic()
        code = run_pass(one, pythons[one.name], pytest_args)
        print(f"=== {one.name} took {time.monotonic() - started:.0f} s ===", flush=True)
        if code != 0:
            failed.append(f"{one.name} (exit code {code})")
    return exit_code(failed)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
