import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no playback starts counted (the limit is per minute)."""
    cache.clear()
    yield
