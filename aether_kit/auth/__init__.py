"""Authentication: app tokens for external apps, and the ways users sign in."""
