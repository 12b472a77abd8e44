"""Sketches of articles' texts tell near copies of one story from different stories (belregions/near_copies.py)."""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path

import pytest

from articles.extraction import extract
from belregions.near_copies import NEAR_COPY_SIMILARITY, SKETCH_SIZE, are_near_copies, similarity, sketch
from tests.conftest import FIXTURES, SEEDS

KRASNOYARSK = next(p for p in SEEDS if p.name.startswith("004_"))


def text_of(path: Path) -> str:
    return extract(path.read_bytes()).text


def agency_copy(text: str, seed: int = 1) -> str:
    """Another agency's copy: its own headline and dateline, some words changed, the last paragraph cut, a footer."""
    rnd = random.Random(seed)
    synonyms = {"said": "noted", "met": "held talks", "cooperation": "collaboration", "relations": "ties",
                "trade": "commerce", "President": "head of state", "Belarus": "the Republic of Belarus"}
    words = [synonyms.get(w, w) if rnd.random() < 0.7 else w for w in text.split(" ")]
    paragraphs = " ".join(words).split("\n")
    kept = paragraphs[: max(1, len(paragraphs) - 2)]
    return "\n".join(["Lukashenko, Krasnoyarsk governor talk integration", "MINSK, (Interfax) -", *kept,
                      "Interfax-West. All rights reserved. Follow us on Telegram."])


def test_an_agency_copy_of_a_story_is_a_near_copy_and_other_seeds_are_not():
    story = text_of(KRASNOYARSK)
    assert are_near_copies(sketch(story), sketch(agency_copy(story)))
    for other in SEEDS:
        if other != KRASNOYARSK:
            assert not are_near_copies(sketch(story), sketch(text_of(other))), other.name


def test_different_stories_of_the_real_corpus_are_not_near_copies():
    """178 real articles, some about the same region and people (Pskov in 2021 and 2023), some from one site."""
    texts = {p.name: text_of(p) for p in sorted((FIXTURES / "corpus").glob("*/*.txt"))}
    sketches = {name: sketch(text) for name, text in texts.items()}
    worst = max(similarity(sketches[a], sketches[b]) for a, b in itertools.combinations(sketches, 2))
    assert worst < NEAR_COPY_SIMILARITY / 2


def test_the_same_text_is_a_copy_of_itself_and_no_text_of_nothing():
    story = text_of(KRASNOYARSK)
    assert similarity(sketch(story), sketch(story)) == 1.0
    assert similarity(sketch(story), sketch("   ")) == 0.0 and sketch("") == b""
    assert similarity(sketch("Short note."), sketch("Short note.")) == 1.0  # fewer words than a 3-gram


def test_a_sketch_is_small_and_cheap():
    story = text_of(KRASNOYARSK) * 20  # a very long article: 15,000 words
    started = time.perf_counter()
    made = sketch(story)
    assert time.perf_counter() - started < 2  # about 10 ms; the bound leaves room for a busy machine
    assert len(made) == SKETCH_SIZE * 4


@pytest.mark.parametrize("kept", [0.9, 0.6])
def test_a_copy_with_a_tenth_of_its_words_changed_is_one_with_two_fifths_it_is_not(kept):
    words = text_of(KRASNOYARSK).split()
    rnd = random.Random(7)
    changed = " ".join(w if rnd.random() < kept else f"x{i}" for i, w in enumerate(words))
    assert are_near_copies(sketch(" ".join(words)), sketch(changed)) == (kept == 0.9)
