"""The readers' data version: one query of index look-ups, no COUNT, and it still moves on a hard deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleDeletions
from belregions.read_cache import data_version
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    """Three articles; the first is neither the newest by id nor the last to change status."""
    first = make.article("First", status_changed_at=timezone.now() - timedelta(days=2))
    return [first, make.article("Second"), make.article("Third")]


def test_it_is_one_query_without_a_count(three):
    with CaptureQueriesContext(connection) as captured:
        data_version()
    assert len(captured.captured_queries) == 1
    assert "COUNT(" not in captured.captured_queries[0]["sql"].upper()


def test_a_hard_deletion_of_an_old_article_moves_it(three):
    before = data_version()
    three[0].delete()  # the admin's delete: the newest id and status time stay the same
    assert data_version() != before
    assert ArticleDeletions.objects.get().total == 1


def test_each_article_of_a_bulk_deletion_counts(three):
    before = data_version()
    Article.all_objects.filter(pk__in=[three[0].pk, three[1].pk]).delete()
    assert ArticleDeletions.objects.get().total == 2
    assert data_version() != before


def test_a_rolled_back_deletion_counts_nothing(three):
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        three[0].delete()
        raise RuntimeError("the delete is undone")
    assert data_version() == before
    assert not ArticleDeletions.objects.exists()


def test_an_upload_and_a_status_change_move_it(three):
    before = data_version()
    make.article("Fourth")
    after_upload = data_version()
    three[0].set_status("parsed")
    assert len({before, after_upload, data_version()}) == 3


def test_nothing_written_leaves_it_alone(three):
    assert data_version() == data_version()
