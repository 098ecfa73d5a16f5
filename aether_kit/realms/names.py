"""What a realm name may be: one rule for URLs, cookies, usernames, settings and metrics."""

from __future__ import annotations

import re

__all__ = [
    "REALM_PATTERN",
    "REALM_REGEX",
    "REALM_RULE",
    "InvalidRealm",
    "is_valid_realm",
    "validate_realm",
]

# a realm appears in URLs, cookies and usernames: keep it to a safe slug
# no "__" either: it separates the realm from the name in "<realm>__<username>", so realm
# "a__b"'s user "c" would pass as a user of realm "a"; the look-ahead stays inside the name
# so the pattern can be embedded in URL patterns
REALM_PATTERN = re.compile(r"^(?![A-Za-z0-9_-]*__)[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
# the same rule without anchors, for URL patterns with a realm segment
REALM_REGEX = REALM_PATTERN.pattern.lstrip("^").rstrip("$")
REALM_RULE = (
    "A realm is 1 to 63 characters: letters, digits, '-' and '_', "
    "starting with a letter or a digit, without '__'."
)


class InvalidRealm(ValueError):
    """A realm value that must not be used for a lookup (answers 400)."""


def is_valid_realm(value: object) -> bool:
    # fullmatch with an ASCII-only class: no unicode look-alikes, no trailing newline;
    # the pattern also refuses the separator "__" (see REALM_PATTERN)
    return isinstance(value, str) and REALM_PATTERN.fullmatch(value) is not None


def validate_realm(value: object) -> str:
    """``value`` as a realm name; raises :class:`InvalidRealm` (a 400) when it breaks the rule."""
    if not is_valid_realm(value):
        raise InvalidRealm(REALM_RULE)
    return str(value)
