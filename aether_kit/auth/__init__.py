"""Authentication: the ways users sign in, the DRF token endpoint, app tokens for external apps."""
