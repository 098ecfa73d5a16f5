"""Management commands run in a separate process, the way workers run in production."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def run_manage(
    *arguments: str, timeout: float = 120, **variables: str
) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py <arguments>`` in a separate process, with the test settings by default.

    ``variables`` are added to the process' environment (``DJANGO_SETTINGS_MODULE``
    among them, to run the demo's own settings).
    """
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        # the demo's jobs do not touch the database
        "AETHER_TEST_DB": "sqlite",
        "AETHER_TEST_RQ_DB": str(settings.RQ_QUEUES["default"]["DB"]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **variables,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def run_python(*arguments: str, cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """``python <arguments>`` with nothing in its environment but ``variables`` (and PATH, HOME).

    Settings then see exactly what a deployment gives them: none of the variables this
    test run set for itself leak in. ``cwd`` and the repository are on the import path.
    """
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(cwd),
        "PYTHONPATH": os.pathsep.join([str(cwd), str(ROOT)]),
        **variables,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )


def settings_error_names(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The variables listed by the one settings error a process stopped with.

    Fails unless the process stopped with exactly one ``EnvError`` and no chained error.
    """
    if result.returncode == 0 or result.stderr.count("EnvError:") != 1:
        raise AssertionError(f"not one settings error:\n{result.stderr}")
    if "During handling of the above exception" in result.stderr:
        raise AssertionError(f"a chained error:\n{result.stderr}")
    return re.findall(r"^  - (\w+): ", result.stderr, re.MULTILINE)
