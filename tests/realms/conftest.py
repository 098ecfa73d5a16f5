"""The path tests send requests to the gateway's test service: they share its fixtures."""

from tests.gateway.conftest import (  # noqa: F401
    _fresh_gateway_state,
    gateway,
    private_gateway,
    token_for,
)
