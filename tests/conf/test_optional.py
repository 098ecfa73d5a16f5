from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from aether_kit.conf.optional import import_extra


def test_an_installed_extra_is_imported():
    assert import_extra("json", "storage", feature="X").__name__ == "json"


def test_a_missing_extra_names_the_switch_and_the_pip_command():
    with pytest.raises(ImproperlyConfigured) as error:
        import_extra("not_installed_anywhere", "storage", feature="STORAGE_REQUIRED")

    assert "STORAGE_REQUIRED" in str(error.value)
    assert "pip install 'aether-kit[storage]'" in str(error.value)
