from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import chromium


@pytest.fixture
def browser() -> Iterator[Any]:
    """Chromium for one test; skipped without it unless CI is set.

    Playwright runs an event loop, and Django refuses the ORM inside one: list
    the fixtures that write data before this one, and query nothing in the test.
    """
    with chromium() as launched:
        yield launched
