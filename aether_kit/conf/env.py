"""A typed reader of environment variables that reports every problem at once.

A deployment that is missing three variables should learn about all three from
one start-up, not from three failed rollouts. ``Env`` therefore never raises
on the first problem inside :meth:`Env.collect_errors`: each reader records
what is wrong, hands back a harmless placeholder and carries on, and leaving
the block raises one :class:`EnvError` that names every offending variable.
"""

from __future__ import annotations

import builtins
import ipaddress
import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import SplitResult, urlsplit

from django.core.exceptions import ImproperlyConfigured

__all__ = ["BOOLEAN_WORDS", "REQUIRED", "Env", "EnvError", "Problem", "is_host", "parse_bool"]

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

# A DNS name: dot-separated labels of letters, digits, '-' (not first or last) and '_'
# (container names such as redis_1 have one), at most 253 characters, a final dot allowed.
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOSTNAME = re.compile(rf"(?=.{{1,254}}$){_LABEL}(?:\.{_LABEL})*\.?")

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


def is_host(value: str) -> bool:
    """A DNS name, an IPv4 address, or an IPv6 address (bare or in brackets)."""
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
        if ":" not in value:
            return False
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return bool(_HOSTNAME.fullmatch(value)) and ":" not in value


def _has_valid_netloc(parts: SplitResult) -> bool:
    """A URL's host is a host and its port, if any, a port number."""
    try:
        parts.port  # noqa: B018  (raises ValueError for a port that is not 0-65535)
    except ValueError:
        return False
    host = parts.hostname
    if host is None:
        return False
    return is_host(f"[{host}]" if ":" in host else host)


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
        """``true/false``, ``1/0``, ``yes/no``, ``on/off`` in any case; any other word is an error.

        Unset or empty means ``default``; pass ``REQUIRED`` (as to every other
        reader) when the deployment must say yes or no explicitly. A typo such as
        ``DEBUG=maybe`` must not quietly switch a feature on (or off).
        """
        value = self.raw(name)
        if value is None:
            return self._missing(name, False) if default is REQUIRED else default
        answer = parse_bool(value)
        if answer is None:
            shown = self._shown(name, value)
            placeholder = False if default is REQUIRED else default
            return self.error(name, f"{shown} is not a boolean: use {BOOLEAN_WORDS}", placeholder)
        return answer

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
        host_port: builtins.bool = False,
    ) -> Any:
        """An absolute URL with one of ``schemes``; a trailing slash is removed.

        ``host_port``: a bare ``host[:port]`` is accepted too, as an endpoint such
        as ``MINIO_STORAGE_ENDPOINT`` is often written (the caller adds the scheme).
        """
        value = self.raw(name)
        if value is None:
            return self._missing(name, "") if default is REQUIRED else default
        if host_port and "://" not in value:
            bare = urlsplit(f"//{value}")
            if bare.path or not _has_valid_netloc(bare):
                shown = self._shown(name, value)
                return self.error(name, f"{shown} is not a host[:port] or an http(s) URL", value)
            return value
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.netloc or not _has_valid_netloc(parts):
            expected = " or ".join(f"{scheme}://" for scheme in schemes)
            return self.error(
                name, f"{self._shown(name, value)} is not an absolute {expected} URL", value
            )
        return value.rstrip("/")

    def host(
        self,
        name: builtins.str,
        default: Any = REQUIRED,
        *,
        domain: builtins.bool = False,
        socket_dir: builtins.bool = False,
        multiple: builtins.bool = False,
    ) -> Any:
        """A host name or IP address, as ``REDIS_HOST`` or ``PGHOST`` hold one.

        ``domain``: a leading dot is allowed (a cookie domain); ``socket_dir``: an
        absolute path is allowed (libpq's Unix socket directory); ``multiple``:
        a comma separated list (libpq's fail-over hosts).
        """
        value = self.raw(name)
        if value is None:
            return self._missing(name, "") if default is REQUIRED else default
        for item in value.split(",") if multiple else [value]:
            item = item.strip()
            if socket_dir and item.startswith("/"):
                continue
            if not is_host(item[1:] if domain and item.startswith(".") else item):
                shown = self._shown(name, value)
                return self.error(name, f"{shown} is not a host name or IP address", value)
        return value

    def hosts(self, name: builtins.str, default: Any = REQUIRED) -> Any:
        """``DJANGO_ALLOWED_HOSTS``' shape: host names, ``.domain`` patterns or ``*``."""
        items = self.list(name, default)
        for item in items:
            if item != "*" and not is_host(item[1:] if item.startswith(".") else item):
                shown = self._shown(name, item)
                return self.error(
                    name, f"{shown} is not a host name, IP address, '.domain' or '*'", items
                )
        return items

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
        # out of bounds, the bound stands in while the problem waits to be reported with
        # the others: code that builds on the value (a client's config) must not fail first
        if min_value is not None and number < min_value:
            return self.error(name, f"{shown} is below the minimum of {min_value}", min_value)
        if max_value is not None and number > max_value:
            return self.error(name, f"{shown} is above the maximum of {max_value}", max_value)
        return number
