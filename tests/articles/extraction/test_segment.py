"""segment.split_sentences: boundaries, abbreviations, offsets, speed."""

from __future__ import annotations

import time

import pytest

from articles.extraction.segment import split_sentences


def sentences_of(make_doc, text: str) -> list[str]:
    return [s.text for s in split_sentences(make_doc(text, sentences=False)).sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Trade grew. Exports rose! Did imports fall? Yes.",
            ["Trade grew.", "Exports rose!", "Did imports fall?", "Yes."],
            id="plain-punctuation",
        ),
        pytest.param(
            "Headline without a period\nFirst line of the body. Second one.",
            ["Headline without a period", "First line of the body.", "Second one."],
            id="newline-is-boundary",
        ),
        pytest.param(
            "The trade neared $1.5 billion. It grew 1.7 times.",
            ["The trade neared $1.5 billion.", "It grew 1.7 times."],
            id="decimals",
        ),
        pytest.param(
            "Товарооборот составил 1,5 млрд. долларов. Это рекорд.",
            ["Товарооборот составил 1,5 млрд. долларов.", "Это рекорд."],
            id="mlrd-before-lowercase",
        ),
        pytest.param(
            "Объем достиг 2 млрд. Белорусская сторона довольна.",
            ["Объем достиг 2 млрд.", "Белорусская сторона довольна."],
            id="mlrd-ends-sentence",
        ),
        pytest.param(
            "He visited St. Petersburg. Then he left.", ["He visited St. Petersburg.", "Then he left."], id="saint"
        ),
        pytest.param(
            "Mr. Ivanov met Dr. Petrov. They talked.", ["Mr. Ivanov met Dr. Petrov.", "They talked."], id="titles"
        ),
        pytest.param(
            "Contract No. 5 was signed. It covers buses.",
            ["Contract No. 5 was signed.", "It covers buses."],
            id="number-sign",
        ),
        pytest.param(
            "The talks on Jan. 15 went well. Both sides agreed.",
            ["The talks on Jan. 15 went well.", "Both sides agreed."],
            id="month-abbreviation",
        ),
        pytest.param(
            "President A. Lukashenko said so. The talks ended.",
            ["President A. Lukashenko said so.", "The talks ended."],
            id="initial",
        ),
        pytest.param(
            "Президент А.Г. Лукашенко провел встречу. Она прошла в Минске.",
            ["Президент А.Г. Лукашенко провел встречу.", "Она прошла в Минске."],
            id="russian-initials",
        ),
        pytest.param(
            "Встреча прошла в г. Минске. Стороны договорились.",
            ["Встреча прошла в г. Минске.", "Стороны договорились."],
            id="gorod",
        ),
        pytest.param(
            "Договор подписан 13.11.2017 г. Он вступит в силу.",
            ["Договор подписан 13.11.2017 г.", "Он вступит в силу."],
            id="year-abbreviation",
        ),
        pytest.param(
            "В 2011-2012 гг. объем вырос. В 2013 г. Минск и Омск подписали договор.",
            ["В 2011-2012 гг. объем вырос.", "В 2013 г. Минск и Омск подписали договор."],
            id="years-abbreviation-before-lowercase",
        ),
        pytest.param(
            "Это т.е. важно. Ул. Ленина, д. 5, Минской обл. Конец.",
            ["Это т.е. важно.", "Ул. Ленина, д. 5, Минской обл. Конец."],
            id="russian-abbreviations",
        ),
        pytest.param("Завод им. Кирова работает. Так.", ["Завод им. Кирова работает.", "Так."], id="imeni"),
        pytest.param(
            "“We are ready,” he said. “Let us start.” The talks began.",
            ["“We are ready,” he said.", "“Let us start.”", "The talks began."],
            id="closing-quotes",
        ),
        pytest.param(
            "«Мы готовы», — сказал он. «Начнем!» Переговоры начались.",
            ["«Мы готовы», — сказал он.", "«Начнем!»", "Переговоры начались."],
            id="guillemets",
        ),
        pytest.param(
            "“Is it ready?” he asked. Yes.",
            ["“Is it ready?” he asked.", "Yes."],
            id="question-inside-quote-then-lowercase",
        ),
        pytest.param(
            "Trade with the U.S. and the E.U. grew. Fine.",
            ["Trade with the U.S. and the E.U. grew.", "Fine."],
            id="dotted-abbreviations",
        ),
        pytest.param("It was... well, fine. Next.", ["It was... well, fine.", "Next."], id="ellipsis-lowercase"),
        pytest.param("", [], id="empty"),
        pytest.param("\n\n  \n", [], id="blank-lines"),
    ],
)
def test_splits_sentences(make_doc, text, expected):
    assert sentences_of(make_doc, text) == expected


def test_offsets_index_the_text_and_are_trimmed(make_doc):
    text = "  First sentence here.   Second one!\n\n   Third line without stop   \nLast.  "
    doc = split_sentences(make_doc(text, sentences=False))
    assert [s.text for s in doc.sentences] == [
        "First sentence here.",
        "Second one!",
        "Third line without stop",
        "Last.",
    ]
    for sentence in doc.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.start for s in doc.sentences] == sorted(s.start for s in doc.sentences)


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("A. ", id="initials"),
        pytest.param("Trade grew 1.5 times. ", id="sentences"),
        pytest.param("x" * 50, id="no-punctuation"),
        pytest.param("... ", id="ellipses"),
    ],
)
def test_linear_on_huge_input(make_doc, unit):
    """Ten times the text costs about ten times the work (a quadratic step would cost a hundred). Measured in the
    process's CPU time, as a ratio: on a busy machine the wall time is mostly waiting for a core."""

    def split(size: int):
        text = unit * (size // len(unit))
        started = time.process_time()
        doc = split_sentences(make_doc(text, sentences=False))
        return time.process_time() - started, text, doc

    small_seconds, _, _ = split(100_000)
    big_seconds, text, doc = split(1_000_000)
    assert big_seconds < 30 * small_seconds + 0.5, (small_seconds, big_seconds)
    assert "".join(s.text for s in doc.sentences).replace(" ", "") == text.replace(" ", "")
