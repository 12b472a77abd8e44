"""The evaluation code counts as the contract's scorer does."""

import pytest

from articles.evaluation import agreement_same, greedy, meeting_same, score, set_counts, surname, trade_same

GOLD = {"articles": [{
    "source": "a.txt", "title": "Belarus, Omsk to trade", "published_accept": ["2020-01-02"], "language": "en",
    "regions": ["RU-OMS"], "regions_optional": ["RU-FD-SIB"], "people": ["Alexander Lukashenko", "Ivan Petrov"],
    "meetings": [{"date": "2020-01-02", "kind": "meeting", "participants": ["Ivan Petrov"], "regions": ["RU-OMS"]}],
    "trade_figures": [{"region": "RU-OMS", "year": 2019, "amount": 100000000, "currency": "USD",
                       "flow": "turnover", "qualifier": "over"}],
    "sectors": ["agriculture"], "sectors_optional": [],
}]}


@pytest.mark.parametrize(
    "name, expected",
    [
        pytest.param("Aleksandr Lukashenko", "lukashenko", id="latin"),
        pytest.param("Александр Гусев", "гусев", id="cyrillic"),
        pytest.param("Пётр Семёнов", "семенов", id="yo-folded"),
        pytest.param("", "", id="empty"),
    ],
)
def test_surname(name, expected):
    assert surname(name) == expected


def test_optional_items_are_neither_right_nor_wrong():
    assert set_counts(["RU-OMS", "RU-FD-SIB", "RU-TOM"], ["RU-OMS"], ["RU-FD-SIB"]) == (1, 1, 0)


def test_greedy_pairs_each_prediction_once():
    assert greedy([1, 1], [1, 1, 1], lambda p, g: p == g) == (2, 0, 1)


def test_trade_amounts_match_within_two_percent():
    gold = GOLD["articles"][0]["trade_figures"][0]
    close = {"region": "RU-OMS", "period_start": "2019-01-01", "amount": 101000000, "currency": "usd",
             "flow": "turnover", "qualifier": "exact"}
    assert trade_same(close, gold)
    assert not trade_same(close, gold, strict=True)
    assert not trade_same({**close, "amount": 103000000}, gold)


def test_meetings_match_on_date_and_a_shared_participant_other_than_the_president():
    gold = {"date": "2020-01-02", "participants": ["Alexander Lukashenko", "Ivan Petrov"], "regions": []}
    assert meeting_same({"date": "2020-01-02", "participants": ["Ivan Petrov"], "regions": []}, gold)
    assert not meeting_same({"date": "2020-01-02", "participants": ["Aleksandr Lukashenko"], "regions": []}, gold)


def test_a_perfect_prediction_scores_one_and_a_missing_article_zero():
    perfect = {"source": "dir/a.txt", "title": "Belarus,  Omsk to trade", "published": "2020-01-02",
               "language": "en", "regions": [{"code": "RU-OMS"}], "sectors": [{"slug": "agriculture"}],
               "people": [{"name": "A. Lukashenko"}, {"name": "Ivan Petrov"}],
               "meetings": [{"date": "2020-01-02", "participants": ["Ivan Petrov"], "regions": []}],
               "trade_figures": [{"region": "RU-OMS", "period_start": "2019-01-01", "amount": 1e8,
                                  "currency": "USD", "flow": "turnover", "qualifier": "over"}]}
    report = score(GOLD, [perfect])
    assert all(c.f1 == 1.0 for c in report.fields.values())
    assert report.accuracy("title") == 1.0
    empty = score(GOLD, [])
    assert empty.missing == ["a.txt"]
    assert empty.fields["regions"].f1 == 0.0


AGREEMENT = {"kind": "contract", "regions": ["RU-NVS", "BY-MI"], "sectors": ["machinery"], "amount": 20000000,
             "currency": "USD", "date": "2012-05-29", "evidence": "MTZ and Novosibirsk signed a contract."}


@pytest.mark.parametrize(
    "change, loose, strict",
    [
        pytest.param({}, True, True, id="same"),
        pytest.param({"regions": ["BY-MI", "RU-NVS"], "amount": 20150000, "date": None}, True, True,
                     id="region-order-1pc-and-date-do-not-count"),
        pytest.param({"amount": 20300000}, True, False, id="amount-off-by-more-than-1pc"),
        pytest.param({"currency": "RUB"}, True, False, id="other-currency"),
        pytest.param({"sectors": []}, True, False, id="other-sectors"),
        pytest.param({"amount": None, "currency": None}, True, False, id="no-sum"),
        pytest.param({"kind": "agreement"}, False, False, id="other-kind"),
        pytest.param({"regions": ["RU-NVS"]}, False, False, id="fewer-regions"),
    ],
)
def test_agreements_match_on_kind_and_regions_and_strictly_on_sum_and_sectors(change, loose, strict):
    predicted = {**AGREEMENT, **change}
    assert agreement_same(predicted, AGREEMENT) is loose
    assert agreement_same(predicted, AGREEMENT, strict=True) is strict


def test_agreements_are_scored_only_where_the_gold_has_them():
    annotated = {**GOLD["articles"][0], "source": "b.txt", "agreements": [AGREEMENT]}
    gold = {"articles": [GOLD["articles"][0], annotated]}
    predicted = [{"source": "a.txt", "agreements": [AGREEMENT]}, {"source": "b.txt", "agreements": []}]
    counts = score(gold, predicted).fields
    assert (counts["agreements"].tp, counts["agreements"].fp, counts["agreements"].fn) == (0, 0, 1)
    assert counts["agreements_strict"].f1 == 0.0
