"""Signing users in: Keycloak (OpenID Connect) login and logout, tokens, app tokens."""
