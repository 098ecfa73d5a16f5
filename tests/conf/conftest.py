import pytest

from aether_kit.conf import EnvError


@pytest.fixture
def config_error():
    """Runs a configure_* call expected to fail and returns its EnvError."""

    def run(configure, env):
        with pytest.raises(EnvError) as error:
            configure(env)
        return error.value

    return run
