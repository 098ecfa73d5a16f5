"""Models of the ``aether_kit`` app, so Django finds them and their migrations."""

from aether_kit.auth.apptoken.models import AppToken

__all__ = ["AppToken"]
