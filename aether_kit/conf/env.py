"""A typed reader of environment variables that reports every problem at once.

A deployment that is missing three variables should learn about all three from
one start-up, not from three failed rollouts. ``Env`` therefore never raises
on the first problem inside :meth:`Env.collect_errors`: each reader records
what is wrong, hands back a harmless placeholder and carries on, and leaving
the block raises one :class:`EnvError` that names every offending variable.
"""

from __future__ import annotations

import builtins
import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

__all__ = ["BOOLEAN_WORDS", "REQUIRED", "Env", "EnvError", "Problem", "parse_bool"]

T = TypeVar("T")

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"", "0", "false", "no", "off"})
BOOLEAN_WORDS = "true/false, 1/0, yes/no or on/off (any case)"
NONE_VALUES = frozenset({"none", "null"})

# Numbers as people write them in ASCII: int() and float() would also take "1_0" and the
# digits of other scripts (Arabic-Indic, fullwidth), which an operator rarely means and
# seldom spots in a manifest.
_INT_PATTERN = re.compile(r"[+-]?[0-9]+")
_FLOAT_PATTERN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NUMBER_PATTERNS = {builtins.int: _INT_PATTERN, builtins.float: _FLOAT_PATTERN}

# Values of these variables are never repeated in error messages.
_SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|KEY|DSN|CREDENTIALS", re.IGNORECASE)


def parse_bool(value: str) -> bool | None:
    """``True`` or ``False`` for one of the boolean words (any case, blank is false), else None.

    One list of words for every yes/no the kit reads (environment variables,
    query parameters), so a typo is an error instead of a silent "yes".
    """
    word = value.strip().lower()
    if word in TRUE_VALUES:
        return True
    if word in FALSE_VALUES:
        return False
    return None


class _Required:
    """Marker for "no default: the variable must be set"."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Problem:
    """One missing or malformed variable."""

    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


class EnvError(ImproperlyConfigured):
    """Raised with every problem found; ``problems`` lists them for callers and tests."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        noun = "variable is" if count == 1 else "variables are"
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{count} environment {noun} missing or malformed:\n{lines}")

    @property
    def names(self) -> list[str]:
        return [problem.name for problem in self.problems]


class Env:
    """Reads typed values from ``os.environ`` or from any mapping given (tests pass a dict).

    Empty values count as unset everywhere: ``PAGE_SIZE=`` means "use the
    default", never "the number nothing".
    """

    def __init__(self, environ: Mapping[builtins.str, builtins.str] | None = None) -> None:
        self._environ: Mapping[builtins.str, builtins.str] = (
            os.environ if environ is None else environ
        )
        self._collectors: list[list[Problem]] = []

    # -- raw access -------------------------------------------------------------------------

    def raw(self, name: builtins.str) -> builtins.str | None:
        """The value as written, stripped of surrounding blanks; None when unset or empty."""
        value = self._environ.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def is_set(self, name: builtins.str) -> bool:
        return self.raw(name) is not None

    # -- error collection ------------------------------------------------------------------

    @contextmanager
    def collect_errors(self) -> Iterator[None]:
        """Gather every problem of the block and raise them together on exit.

        Blocks nest: an inner block hands its problems to the outer one, so a
        ``configure_*`` function can call another and still report once.
        """
        problems: list[Problem] = []
        self._collectors.append(problems)
        try:
            yield
        finally:
            self._collectors.pop()
        if problems:
            if self._collectors:
                self._collectors[-1].extend(problems)
            else:
                raise EnvError(problems)

    def error(self, name: builtins.str, message: builtins.str, placeholder: T) -> T:
        """Record a problem (or raise it at once outside ``collect_errors``)."""
        problem = Problem(name, message)
        if not self._collectors:
            raise EnvError([problem])
        self._collectors[-1].append(problem)
        return placeholder

    def _shown(self, name: builtins.str, value: builtins.str) -> str:
        return "(hidden)" if _SECRET_NAME.search(name) else repr(value)

    def _missing(self, name: builtins.str, placeholder: T) -> T:
        return self.error(name, "is required but not set", placeholder)

    # -- typed readers ----------------------------------------------------------------------

    def str(
        self,
        name: builtins.str,
        default: Any = REQUIRED,
        *,
        choices: tuple[builtins.str, ...] | None = None,
    ) -> Any:
        value = self.raw(name)
        if value is None:
            return self._missing(name, "") if default is REQUIRED else default
        if choices is not None and value not in choices:
            allowed = ", ".join(repr(choice) for choice in choices)
            return self.error(name, f"{self._shown(name, value)} is not one of {allowed}", value)
        return value

    def bool(self, name: builtins.str, default: builtins.bool = False) -> builtins.bool:
        """Unset, empty, 0, false, no, off (any case) are false; anything else is true.

        Unset means ``default``; pass ``REQUIRED`` (as to every other reader) when
        the deployment must say yes or no explicitly.
        """
        value = self.raw(name)
        if value is None:
            return self._missing(name, False) if default is REQUIRED else default
        return value.lower() not in FALSE_VALUES

    def int(
        self,
        name: builtins.str,
        default: Any = REQUIRED,
        *,
        min_value: builtins.int | None = None,
        max_value: builtins.int | None = None,
    ) -> Any:
        return self._number(name, default, builtins.int, "a whole number", min_value, max_value)

    def float(
        self,
        name: builtins.str,
        default: Any = REQUIRED,
        *,
        min_value: builtins.float | None = None,
        max_value: builtins.float | None = None,
    ) -> Any:
        return self._number(name, default, builtins.float, "a number", min_value, max_value)

    def optional_int(
        self,
        name: builtins.str,
        default: builtins.int | None = None,
        *,
        min_value: builtins.int = 0,
    ) -> builtins.int | None:
        """A whole number, or ``None`` when the value says so (``None`` / ``null``)."""
        value = self.raw(name)
        if value is not None and value.lower() in NONE_VALUES:
            return None
        result: builtins.int | None = self._number(
            name, default, builtins.int, "a whole number or None", min_value, None
        )
        return result

    def list(
        self, name: builtins.str, default: Any = REQUIRED, *, separator: builtins.str = ","
    ) -> Any:
        """Comma separated items, each stripped; empty items are dropped."""
        value = self.raw(name)
        if value is None:
            if default is REQUIRED:
                return self._missing(name, [])
            return builtins.list(default)
        return [item.strip() for item in value.split(separator) if item.strip()]

    def url(
        self,
        name: builtins.str,
        default: Any = REQUIRED,
        *,
        schemes: tuple[builtins.str, ...] = ("http", "https"),
    ) -> Any:
        """An absolute URL with one of ``schemes``; a trailing slash is removed."""
        value = self.raw(name)
        if value is None:
            return self._missing(name, "") if default is REQUIRED else default
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.netloc:
            expected = " or ".join(f"{scheme}://" for scheme in schemes)
            return self.error(
                name, f"{self._shown(name, value)} is not an absolute {expected} URL", value
            )
        return value.rstrip("/")

    def _number(
        self,
        name: builtins.str,
        default: Any,
        kind: type,
        description: builtins.str,
        min_value: Any,
        max_value: Any,
    ) -> Any:
        value = self.raw(name)
        if value is None:
            return self._missing(name, kind()) if default is REQUIRED else default
        shown = self._shown(name, value)
        if not _NUMBER_PATTERNS[kind].fullmatch(value):
            # the pattern also keeps out "nan" and "inf", which slip past every bound below
            return self.error(name, f"{shown} is not {description}", kind())
        number = kind(value)
        if not math.isfinite(number):
            # "1e999" has the right shape but is infinite as a float
            return self.error(name, f"{shown} is not {description}", kind())
        if min_value is not None and number < min_value:
            return self.error(name, f"{shown} is below the minimum of {min_value}", number)
        if max_value is not None and number > max_value:
            return self.error(name, f"{shown} is above the maximum of {max_value}", number)
        return number
