"""The editor user, from the articles tests (the review services act as one)."""

from tests.articles.conftest import editor  # noqa: F401 - fixture
