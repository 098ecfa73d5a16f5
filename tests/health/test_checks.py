from django.core.checks import run_checks as run_system_checks
from django.test import override_settings

from aether_kit.health import checks


def check_ids(check):
    return [message.id for message in check(None)]


# -- health databases (E007, W005) -------------------------------------------------------


def test_health_check_of_an_unknown_alias_is_e007():
    with override_settings(HEALTH_CHECK_DATABASES=["default", "replica"]):
        assert check_ids(checks.check_health_databases) == ["aether_kit.E007"]


def test_no_health_databases_is_w005():
    with override_settings(HEALTH_CHECK_DATABASES=[]):
        assert check_ids(checks.check_health_databases_not_empty) == ["aether_kit.W005"]


def test_known_health_databases_pass():
    assert check_ids(checks.check_health_databases) == []
    assert check_ids(checks.check_health_databases_not_empty) == []


def test_system_check_names_a_health_check_that_cannot_be_imported(settings):
    settings.HEALTH_CHECKS = ["aether_kit.health.probes.NoSuchCheck"]

    ids = [message.id for message in run_system_checks() if message.id == "aether_kit.E051"]

    assert ids == ["aether_kit.E051"]


def test_system_check_names_a_health_check_that_is_no_complete_health_check(settings):
    settings.HEALTH_CHECKS = ["builtins.dict", "aether_kit.health.probes.HealthCheck"]

    ids = [message.id for message in run_system_checks() if message.id == "aether_kit.E057"]

    assert ids == ["aether_kit.E057"] * 2


def test_a_probe_named_by_its_old_path_passes(settings):
    settings.HEALTH_CHECKS = ["aether_kit.health.checks.DatabaseCheck"]

    assert [
        m.id for m in run_system_checks() if m.id in {"aether_kit.E051", "aether_kit.E057"}
    ] == []


def test_system_check_refuses_a_timeout_that_is_not_positive(settings):
    settings.HEALTH_CHECK_TIMEOUT = 0

    ids = [message.id for message in run_system_checks()]

    assert "aether_kit.E052" in ids
