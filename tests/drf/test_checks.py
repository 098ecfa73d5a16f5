import pytest
from django.conf import settings
from django.test import override_settings

from aether_kit.drf import checks

DRF = "REST_FRAMEWORK"


def drf(**options):
    return {**settings.REST_FRAMEWORK, **options}


def check_ids(check):
    return [message.id for message in check(None)]


# -- page sizes (E001, E002) -------------------------------------------------------------


def test_max_page_size_below_page_size_is_e001():
    with override_settings(**{DRF: drf(PAGE_SIZE=50, MAX_PAGE_SIZE=10)}):
        assert check_ids(checks.check_page_sizes) == ["aether_kit.E001"]


@pytest.mark.parametrize("value", [0, -1, "10", True, 2.5])
def test_a_page_size_that_is_not_a_positive_whole_number_is_e002(value):
    with override_settings(**{DRF: drf(PAGE_SIZE=value)}):
        assert check_ids(checks.check_page_sizes) == ["aether_kit.E002"]


def test_page_sizes_in_order_pass():
    with override_settings(**{DRF: drf(PAGE_SIZE=10, MAX_PAGE_SIZE=10)}):
        assert check_ids(checks.check_page_sizes) == []
