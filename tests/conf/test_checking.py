from __future__ import annotations

import pytest
from django.core.checks import Error, Warning

from aether_kit.conf.checking import class_findings, finding, is_number
from aether_kit.health.probes import HealthCheck


def test_a_condition_that_holds_is_one_finding():
    [message] = finding(True, "wrong", hint="fix it", id="aether_kit.E999")

    assert (type(message), message.msg, message.hint, message.id) == (
        Error,
        "wrong",
        "fix it",
        "aether_kit.E999",
    )


def test_a_condition_that_does_not_hold_is_no_finding():
    assert finding([], "wrong", hint="fix it", id="aether_kit.E999") == []


def test_a_finding_can_be_a_warning():
    [message] = finding(True, "odd", hint="look", id="aether_kit.W999", level=Warning)

    assert isinstance(message, Warning)


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (1, {}, True),
        (0, {}, True),
        (0, {"above": True}, False),
        (2.5, {"whole": True}, False),
        (True, {}, False),
        ("5", {}, False),
        (None, {}, False),
        (0.5, {"minimum": 1}, False),
    ],
)
def test_is_number(value, options, expected):
    assert is_number(value, **options) is expected


def test_a_path_that_cannot_be_imported_is_the_import_finding():
    messages = class_findings("X", "nowhere.Thing", import_id="aether_kit.E998", hint="h")

    assert [m.id for m in messages] == ["aether_kit.E998"]
    assert "nowhere.Thing" in messages[0].msg


def test_an_abstract_or_foreign_class_is_the_type_finding():
    ids = [
        m.id
        for path in ("builtins.dict", "aether_kit.health.probes.HealthCheck")
        for m in class_findings(
            "X",
            path,
            import_id="aether_kit.E998",
            hint="h",
            base=HealthCheck,
            type_id="aether_kit.E997",
        )
    ]

    assert ids == ["aether_kit.E997", "aether_kit.E997"]


def test_a_concrete_subclass_is_no_finding():
    messages = class_findings(
        "X",
        "aether_kit.health.probes.DatabaseCheck",
        import_id="aether_kit.E998",
        hint="h",
        base=HealthCheck,
        type_id="aether_kit.E997",
    )

    assert messages == []
