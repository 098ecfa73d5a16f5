"""The token tests run through the gateway's test service: they share its fixtures."""

from tests.gateway.conftest import (  # noqa: F401
    _fresh_gateway_state,
    fake_app,
    gateway,
    private_gateway,
    token_for,
)
