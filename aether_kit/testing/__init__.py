"""Test tools shipped with the kit for projects that build on it.

:mod:`aether_kit.testing.oidc_provider` runs a real OpenID Connect provider
with Keycloak's URL layout on 127.0.0.1, so sign-in and gateway tokens can be
tested over real HTTP with real keys. It needs the ``testing`` extra
(``pip install 'aether-kit[testing]'``).
"""
