import pytest

import aether_kit.auth.apptoken as apptoken
from aether_kit.auth.apptoken.models import AppToken
from aether_kit.auth.apptoken.views import TokenProxyView


def test_the_public_names_are_loaded_on_first_use():
    assert (apptoken.AppToken, apptoken.TokenProxyView) == (AppToken, TokenProxyView)


def test_every_listed_name_exists():
    assert all(getattr(apptoken, name) for name in apptoken.__all__)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        apptoken.Nothing  # noqa: B018
