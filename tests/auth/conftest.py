from tests.realm_fixtures import *  # noqa: F403
