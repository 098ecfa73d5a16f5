"""Benchmarks that need PostgreSQL: skipped on SQLite, where they run themselves again."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

on_postgres_only = pytest.mark.skipif(
    os.environ.get("AETHER_TEST_DB") != "postgres", reason="runs on PostgreSQL (re-run below)"
)


def rerun_on_postgres(path: str) -> None:
    """Started on SQLite (the default), run the benchmark file again on PostgreSQL."""
    if os.environ.get("AETHER_TEST_DB") == "postgres":
        pytest.skip("already on PostgreSQL")
    code = subprocess.call(  # noqa: S603
        [sys.executable, "-m", "pytest", path, "-s", "-p", "no:cacheprovider", "-q"],
        env={**os.environ, "AETHER_TEST_DB": "postgres"},
    )
    assert code == 0
