"""Composable building blocks for multi-tenant Django REST services."""

__version__ = "0.1.0"
