"""Logging filters: the request's id and realm on every record, secrets off every record.

Both are attached to the handler by ``configure_logging``, so they apply to
every logger that writes through it — Django's, libraries', the project's.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Mapping
from typing import Any

from aether_kit.realms.context import ALL_REALMS, get_current_realm

from .request_id import get_request_id

__all__ = ["REDACTED", "RedactSecretsFilter", "RequestContextFilter", "redact", "redact_text"]

REDACTED = "[redacted]"
NO_VALUE = "-"

# keys and headers whose values are credentials
SECRET_KEY = re.compile(
    r"pass(word|wd)?|secret|token|api[-_]?key|authori[sz]ation|cookie|session[-_]?id|"
    r"csrf|credential|private[-_]?key|dsn",
    re.IGNORECASE,
)
# ``password=x``, ``"token": "x"``, ``Authorization: Bearer x`` inside free text
_SECRET_ASSIGNMENT = re.compile(
    r"(?<![\w-])(?P<key>[\w-]*?(?:pass(?:word|wd)?|secret|token|api[-_]?key|"
    r"authori[sz]ation|cookie|session[-_]?id|csrf|credential|dsn)[\w-]*)"
    r"(?P<sep>['\"]?\s*[:=]\s*['\"]?)"
    r"(?:(?:bearer|basic|token)\s+)?(?P<value>[^\s'\",;&}]+)",
    re.IGNORECASE,
)
_AUTH_SCHEME = re.compile(r"\b(?P<scheme>bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE)
# a JSON Web Token anywhere: three base64url parts, the first one a JSON header
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
# user:password@ in URLs (database, Redis, broker DSNs)
_URL_PASSWORD = re.compile(r"(?P<prefix>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+(?P<at>@)", re.I)

_formatter = logging.Formatter()
# extras the JSON formatter renders faithfully and that cannot hide a secret
_KEPT_AS_IS = (int, float, bool, type(None), datetime.date, datetime.time, datetime.timedelta)
_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "realm",
}


# every pattern above needs one of these; most log lines have none and skip the patterns
_HINTS = (
    "pass",
    "secret",
    "token",
    "key",
    "auth",
    "cookie",
    "session",
    "csrf",
    "credential",
    "dsn",
    "bearer",
    "basic",
    "eyj",
    "://",
)


def redact_text(text: str) -> str:
    lowered = text.lower()
    if not any(hint in lowered for hint in _HINTS):
        return text
    text = _SECRET_ASSIGNMENT.sub(lambda m: f"{m['key']}{m['sep']}{REDACTED}", text)
    text = _AUTH_SCHEME.sub(lambda m: f"{m['scheme']} {REDACTED}", text)
    text = _JWT.sub(REDACTED, text)
    return _URL_PASSWORD.sub(lambda m: f"{m['prefix']}{REDACTED}{m['at']}", text)


def redact(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` with secret-named keys masked and secret-looking text rewritten."""
    if depth > 5:
        return value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {
            key: REDACTED
            if isinstance(key, str) and SECRET_KEY.search(key)
            else redact(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return type(value)(redact(item, depth + 1) for item in value)
    return value


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``realm`` ("-" outside a request or realm) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = get_request_id() or NO_VALUE
        if not getattr(record, "realm", None):
            realm = get_current_realm()
            record.realm = "*" if realm is ALL_REALMS else (realm or NO_VALUE)
        return True


class RedactSecretsFilter(logging.Filter):
    """Masks passwords, tokens, keys and cookies in the message, its arguments and extras.

    The message is formatted here (with redacted arguments) and the record's
    arguments dropped, so no handler or formatter later sees the originals.
    A traceback is rendered here too and redacted, and the record keeps only
    that text (handlers that ran before this filter, like Sentry's, have
    already seen the exception itself).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if record.args:
                args = record.args
                if isinstance(args, Mapping):
                    record.msg = str(record.msg) % redact(dict(args))
                else:
                    record.msg = str(record.msg) % tuple(redact(list(args)))
                record.args = None
            if isinstance(record.msg, (dict, list, tuple)):
                record.msg = redact(record.msg)
            elif isinstance(record.msg, str):
                record.msg = redact_text(record.msg)
            for key in record.__dict__.keys() - _STANDARD_ATTRIBUTES:
                value = record.__dict__[key]
                if SECRET_KEY.search(key):
                    setattr(record, key, REDACTED)
                elif isinstance(value, (str, Mapping, list, tuple)):
                    setattr(record, key, redact(value))
                elif not isinstance(value, _KEPT_AS_IS):
                    # rendered with str() later: Django's request extra shows the query string
                    setattr(record, key, redact_text(str(value)))
            if record.exc_info:
                record.exc_text = redact_text(_formatter.formatException(record.exc_info))
                record.exc_info = None
        except (TypeError, ValueError):
            # a malformed message: logging reports its own formatting errors later
            record.msg = redact_text(str(record.msg))
        return True
