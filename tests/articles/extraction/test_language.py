"""language.detect_language: judged on the body, not the menus."""

from __future__ import annotations

import pytest

from articles.extraction.language import detect_language

EN_BODY = (
    "Belarus and Omsk Oblast will expand cooperation in agriculture and machine building, the Governor of "
    "Omsk Oblast said at a meeting with the Belarusian delegation in Minsk on Tuesday."
)
RU_BODY = (
    "Беларусь и Омская область расширят сотрудничество в сельском хозяйстве и машиностроении, заявил "
    "губернатор Омской области на встрече с белорусской делегацией в Минске во вторник."
)
RU_MENU = "Главная\nНовости\nПолитика\nЭкономика\nРегионы\nОбщество\nВ мире\nКонтакты\nПоиск по сайту"
EN_MENU = "Home\nNews\nPolitics\nEconomy\nRegions\nSociety\nWorld\nContacts\nSearch the site\nRSS Twitter Facebook"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(EN_BODY, "en", id="english"),
        pytest.param(RU_BODY, "ru", id="russian"),
        pytest.param(
            f"{RU_MENU}\nRu | Eng\nRSS Вконтакте Twitter\n\nBelarus, Omsk to expand ties\n\n{EN_BODY}",
            "en",
            id="english-article-russian-menu",
        ),
        pytest.param(
            f"{EN_MENU}\n\nБеларусь и Омск расширят связи\n\n{RU_BODY}", "ru", id="russian-article-english-menu"
        ),
        pytest.param(f"Новости\n\n{EN_BODY}\n\nМинск, Беларусь", "en", id="english-with-russian-credit"),
        pytest.param(
            f"{RU_BODY} Компании Gazprom, BelAZ, MAZ и Belshina подписали контракты с партнерами.",
            "ru",
            id="russian-with-latin-brand-names",
        ),
        pytest.param("2012 — 1 500 000 000 $ — 17.06", "en", id="no-letters-defaults-to-english"),
        pytest.param(f"{RU_BODY}\n{RU_BODY}\n{EN_BODY}", "ru", id="mostly-russian"),
    ],
)
def test_detects_language_of_the_body(make_doc, text, expected):
    assert detect_language(make_doc(text, language="xx")).language == expected
