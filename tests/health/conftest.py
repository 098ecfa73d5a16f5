import logging

import pytest

from tests.services import closed_port


@pytest.fixture
def down_database(add_database, settings):
    """HEALTH_CHECK_DATABASES names one alias whose port has nothing listening."""
    add_database("down", port=closed_port())
    settings.HEALTH_CHECK_DATABASES = ["down"]
    return "down"


@pytest.fixture
def kit_log(caplog):
    """Captures the kit's own log records (its logger does not propagate to the root)."""
    logger = logging.getLogger("aether_kit")
    logger.addHandler(caplog.handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield caplog
    logger.setLevel(level)
    logger.removeHandler(caplog.handler)
