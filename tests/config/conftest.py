"""The editor's client and real workers, from the articles tests: the health check's and admin site's tests."""

from tests.articles.conftest import editor, staff_client  # noqa: F401 - fixtures
from tests.articles.workers import own_redis, start_worker  # noqa: F401 - fixtures
