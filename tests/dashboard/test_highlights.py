"""The article page's marks: from the facts' evidence offsets, never overlapping, rejected facts left out."""

import pytest

from dashboard.selectors.article import FactRow, Mark, _marks, segments
from tests import factories as make

TEXT = "Belarus and Novosibirsk Oblast met. Novosibirsk Oblast trade exceeded $200 million."


def fact(kind, start, end, review="unreviewed"):
    return FactRow(kind, "value", "", start, end, "machine", review, "rule")


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        pytest.param([], [(TEXT, None)], id="no-marks"),
        pytest.param([Mark(12, 30, "region", "NVS")],
                     [("Belarus and ", None), ("Novosibirsk Oblast", "region"), (TEXT[30:], None)], id="one"),
        pytest.param([Mark(12, 23, "region", "short"), Mark(12, 30, "region", "long")],
                     [("Belarus and ", None), ("Novosibirsk Oblast", "region"), (TEXT[30:], None)],
                     id="overlap-longer-wins"),
        pytest.param([Mark(0, 7, "region", "a"), Mark(3, 12, "person", "b")],
                     [("Belarus", "region"), (TEXT[7:], None)], id="overlap-earlier-wins"),
    ],
)
def test_segments(marks, expected):
    assert [(s.text, s.mark.kind if s.mark else None) for s in segments(TEXT, marks)] == expected
    assert "".join(s.text for s in segments(TEXT, marks)) == TEXT


def test_a_names_other_mentions_are_marked_too():
    found = _marks(TEXT, fact("region", 12, 30))
    assert [(m.start, m.end) for m in found] == [(12, 30), (36, 54)]


def test_money_is_marked_only_where_the_fact_was_read():
    start = TEXT.index("$200 million")
    assert [(m.start, m.end) for m in _marks(TEXT, fact("money", start, start + 12))] == [(start, start + 12)]


@pytest.mark.parametrize(("start", "end"), [(None, None), (5, 5), (-1, 4), (80, 999)])
def test_offsets_outside_the_text_are_ignored(start, end):
    assert _marks(TEXT, fact("region", start, end)) == []


@pytest.mark.django_db
def test_the_page_marks_regions_people_money_and_meetings_but_not_rejected_facts(client):
    source = make.article("Meeting", "Governor Yurchenko met the President. Trade with Novosibirsk Oblast topped "
                                  "$200 million in 2011. Omsk Oblast was not there.")
    make.mention(source, "RU-NVS", "Novosibirsk Oblast")
    make.mention(source, "RU-OMS", "Omsk Oblast", review="rejected")
    make.named(source, make.person("Vasily Yurchenko"), "Yurchenko")
    make.figure(source, "RU-NVS", 2011, 200_000_000, words="$200 million", qualifier="over")
    make.meeting(source, None, ["RU-NVS"], words="met")
    html = client.get(f"/articles/{source.pk}/").content.decode()
    for kind, words in [("region", "Novosibirsk Oblast"), ("person", "Yurchenko"), ("money", "$200 million"),
                        ("meeting", "met")]:
        assert f'<mark class="{kind}"' in html and words in html
    assert '<a href="/regions/RU-NVS/">Novosibirsk Oblast</a></mark>' in html
    assert '<a href="/regions/RU-OMS/">Omsk Oblast</a></mark>' not in html
    assert 'class="region rejected"' in html
