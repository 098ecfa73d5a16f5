"""Fixtures of the benchmarks that run the services of ``tests/benchmarks/services``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.benchmarks.services.database import drop_database, prepare_database


@pytest.fixture(scope="module")
def database() -> Iterator[None]:
    """``aether_kit_bench`` filled for the module's tests, dropped after them."""
    prepare_database()
    yield
    drop_database()


@pytest.fixture(scope="module")
def token(oidc_provider: Any) -> str:
    """A gateway token of ``realm-a``'s user, good for two hours: the one a client repeats."""
    return str(oidc_provider.issue_token("realm-a", "user", lifetime=7200))
