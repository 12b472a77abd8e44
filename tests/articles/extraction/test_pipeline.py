"""The pipeline's steps: each declares what it reads and adds, and the order is checked when it is built."""

import pytest

from articles.extraction import pipeline
from articles.extraction.pipeline import STEPS, check_order


def test_every_step_declares_what_it_requires_and_assigns():
    undeclared = [s.__name__ for s in STEPS if not (hasattr(s, "requires") and hasattr(s, "assigns"))]
    assert undeclared == []


def test_the_default_order_is_valid():
    check_order(STEPS)


@pytest.mark.parametrize(
    ("moved", "before", "missing"),
    [
        pytest.param(pipeline.dating.date_document, pipeline.meta.find_dates, "spans:DATE", id="dating-before-dates"),
        pytest.param(pipeline.trade.find_trade_figures, pipeline.money.find_money, "spans:MONEY",
                     id="trade-before-money"),
        pytest.param(pipeline.people.find_people, pipeline.regions.find_regions, "spans:REGION",
                     id="people-before-regions"),
    ],
)
def test_a_step_moved_before_what_it_needs_fails_naming_both(moved, before, missing):
    steps = [s for s in STEPS if s is not moved]
    steps.insert(steps.index(before), moved)
    with pytest.raises(ValueError, match=rf"{moved.__name__} requires .*{missing}"):
        check_order(steps)
