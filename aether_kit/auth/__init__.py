"""Authentication: the DRF token endpoint (``aether_kit.auth.token.TokenView``)."""
