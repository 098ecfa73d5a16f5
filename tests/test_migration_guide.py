"""The migration guide accounts for every environment variable aether.sdk 1.4.4 read.

``tests/data/aether_sdk_variables.csv`` lists them. Each one is either read by the kit
(found as ``tests/test_docs.py`` finds them, by parsing ``aether_kit``) or named in
``docs/guides/migrating.md``, which says what became of it.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from tests.test_docs import variables_read_by_the_kit

ROOT = Path(__file__).resolve().parent.parent
SDK_VARIABLES = ROOT / "tests" / "data" / "aether_sdk_variables.csv"
GUIDE = ROOT / "docs" / "guides" / "migrating.md"


def sdk_variables() -> list[str]:
    lines = SDK_VARIABLES.read_text(encoding="utf-8").splitlines()
    return [row["variable"] for row in csv.DictReader(line for line in lines if line[:1] != "#")]


@cache
def read_by_the_kit() -> frozenset[str]:
    return frozenset(variables_read_by_the_kit())


def names_in_the_guide() -> set[str]:
    return set(re.findall(r"`([^`\s]+)`", GUIDE.read_text(encoding="utf-8")))


def test_the_list_holds_aether_sdks_variables():
    names = sdk_variables()

    assert len(names) == len(set(names)) > 100
    assert {"DJANGO_SECRET_KEY", "REQUEST_ERROR_RETRIES", "DEBUG_TOOLBAR_URL"} <= set(names)


@pytest.mark.parametrize("variable", sdk_variables())
def test_each_aether_sdk_variable_is_read_or_in_the_migration_guide(variable):
    assert variable in read_by_the_kit() or variable in names_in_the_guide(), (
        f"{variable} is read by aether.sdk 1.4.4 but neither by the kit nor named in "
        "docs/guides/migrating.md: keep it, or say there what replaces it"
    )


@pytest.mark.parametrize(
    "variable",
    # read by the kit with another meaning or default: the guide must say how
    ["STATIC_URL", "CHECK_TOKEN_URL", "REQUEST_ERROR_RETRIES", "APP_LOGO", "TESTING"],
)
def test_variables_whose_meaning_changed_are_in_the_guide(variable):
    assert variable in names_in_the_guide()
