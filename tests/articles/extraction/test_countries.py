"""The country list the trade step reads as other partners (articles/extraction/data/countries.json)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
COUNTRIES = json.loads((ROOT / "articles" / "extraction" / "data" / "countries.json").read_text(encoding="utf-8"))


def test_the_list_is_what_its_script_builds():
    done = subprocess.run([sys.executable, "scripts/build_country_forms.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_two_sides_are_not_other_countries():
    names = {n.casefold() for n in COUNTRIES["en"] + COUNTRIES["ru"]}
    assert not names & {"russia", "russian federation", "belarus", "россия", "россией", "беларусь", "беларуси"}


def test_russian_names_come_in_their_cases_and_short_words_are_left_out():
    assert {"австрия", "австрии", "австрией", "аргентиной"} <= set(COUNTRIES["ru"])
    assert not {"перу", "мали", "того", "чад"} & set(COUNTRIES["ru"])
    assert "Argentina" in COUNTRIES["en"] and "Chad" not in COUNTRIES["en"]
