from collections import Counter

import pytest

from articles.extraction.resources import load_resources
from articles.extraction.sectors import find_sectors

CONTRACT_SLUGS = {
    "agriculture", "food", "machinery", "transport", "construction", "high-tech", "it", "science", "healthcare",
    "pharma", "energy", "nuclear", "space", "mining", "forestry", "utilities", "education", "culture", "sport",
    "tourism", "chemicals", "light-industry", "defence", "retail",
}


def sectors_in(make_doc, text: str, language: str = "en") -> Counter:
    doc = find_sectors(make_doc(text, language=language))
    return Counter(span.value for span in doc.spans_of("SECTOR"))


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        pytest.param("cooperation in medical technology and equipment", {"healthcare"}, id="phrase-beats-its-parts"),
        pytest.param("joint projects in agricultural machinery", {"machinery"}, id="agricultural-machinery"),
        pytest.param("agro-industrial processing may be of interest", {"food"}, id="agro-processing"),
        pytest.param("joint ventures to process meat and milk", {"food"}, id="process-meat-and-milk"),
        pytest.param("passenger transport and urban transport", {"transport"}, id="transport"),
        pytest.param("supplies of buses and freight cars", {"transport"}, id="buses-freight-cars"),
        pytest.param("a joint list of sci-tech projects", {"science"}, id="sci-tech"),
        pytest.param("four Russian academies of science", {"science"}, id="academies"),
        pytest.param("cooperation with scientists of the region", {"science"}, id="scientists"),
        pytest.param("high-tech and knowledge-intensive industries", {"high-tech"}, id="high-tech"),
        pytest.param("a cluster for nanotechnologies and innovation", {"high-tech"}, id="nanotech-innovation"),
        pytest.param("projects in municipal services and utilities", {"utilities"}, id="utilities"),
        pytest.param("logging equipment and forestry", {"forestry"}, id="forestry"),
        pytest.param("Belarus imports coal from Kuzbass; mining is promising", {"mining"}, id="coal-mining"),
        pytest.param("rubber, tyres and fertilisers", {"chemicals"}, id="chemicals"),
        pytest.param("projects in energy saving and IT", {"energy", "it"}, id="energy-saving-and-it"),
        pytest.param("a nuclear space cluster and satellites", {"nuclear", "space"}, id="nuclear-space"),
        pytest.param("host the Universiade in new sports facilities", {"sport"}, id="sport"),
        pytest.param("textiles, clothing and footwear", {"light-industry"}, id="light-industry"),
        pytest.param("a concert featuring figures of art", {"culture"}, id="culture"),
        pytest.param("tourism and health resorts", {"tourism"}, id="tourism"),
        pytest.param("universities and students", {"education"}, id="education"),
        pytest.param("the military-industrial complex", {"defence"}, id="defence"),
        pytest.param("trading houses and distribution networks", {"retail"}, id="retail"),
        pytest.param("pharmaceuticals and biotechnology", {"pharma"}, id="pharma"),
        pytest.param("сотрудничество в сельском хозяйстве и машиностроении", {"agriculture", "machinery"},
                     id="ru-stems"),
        pytest.param("поставки белорусской техники и строительство жилья", {"machinery", "construction"},
                     id="ru-machinery-construction"),
        pytest.param("в сфере информационных технологий и здравоохранения", {"it", "healthcare"}, id="ru-it-health"),
    ],
)
def test_sector_phrases(make_doc, text, slugs):
    assert set(sectors_in(make_doc, text)) == slugs


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Bilateral trade grew and foreign trade is balanced.", id="trade-is-not-retail"),
        pytest.param("companies of the Energy Ministry and the Agriculture and Food Ministry", id="ministry-names"),
        pytest.param("the Ministry of Agriculture and Food of Belarus", id="ministry-of"),
        pytest.param("the Single Economic Space and the post-Soviet space", id="economic-space"),
        pytest.param("It is obvious that it works.", id="it-pronoun"),
        pytest.param("economic, scientific, technical and cultural relations", id="stock-list-of-ties"),
        pytest.param("close ties in social, cultural and economic areas", id="stock-list-ending-generic"),
        pytest.param("state-of-the-art solutions", id="art-inside-compound"),
    ],
)
def test_noise_is_not_a_sector(make_doc, text):
    assert sectors_in(make_doc, text) == Counter()


def test_list_without_a_generic_word_counts(make_doc):
    assert set(sectors_in(make_doc, "We develop sport and cultural ties.")) == {"sport", "culture"}


def test_mentions_are_counted_in_title_and_body(make_doc):
    counts = sectors_in(make_doc, "Belarus to step up cooperation in IT\nThe IT sector and software grow.")
    assert counts["it"] == 3


def test_spans_point_at_the_words(make_doc):
    doc = find_sectors(make_doc("Cooperation in (agriculture) matters."))
    (span,) = doc.spans_of("SECTOR")
    assert (doc.text[span.start : span.end], span.value, span.rule) == ("agriculture", "agriculture", "sectors.phrase")


def test_sector_table_uses_the_contract_slugs():
    table = load_resources().table("sectors")
    assert table["about"]
    assert set(table["sectors"]) == CONTRACT_SLUGS
    for slug, entry in table["sectors"].items():
        assert set(entry) == {"en", "ru"} and entry["en"] and entry["ru"], slug


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param("Home | Politics | Economy | Society | Sport | Photo\nThe talks were held.", "sport",
                     id="menu-with-bars"),
        pytest.param("Politics World Business Military & Defense Science & Space Society & Culture\nThe talks went on.",
                     "defence", id="menu-of-capitalised-words"),
        pytest.param("Главная | Новости | Экономика | Общество | Спорт\nПереговоры прошли в Минске.", "sport",
                     id="ru-menu-with-bars"),
        pytest.param("Губернатор Олег Кожемяко провел встречу.", "light-industry", id="ru-kozh-in-a-surname"),
        pytest.param("Предприятия поставляют в республику автомобили ГАЗ и стекло.", "energy",
                     id="ru-gaz-the-carmaker"),
        pytest.param("Imports were mainly sunflower oil and wine.", "energy", id="sunflower-oil-is-no-energy"),
        pytest.param("Импортируется в основном подсолнечное масло.", "energy", id="ru-podsolnechnoe-maslo"),
    ],
)
def test_sector_word_that_does_not_count(make_doc, text, absent):
    language = "ru" if any("а" <= c <= "я" for c in text.lower()) else "en"
    assert absent not in sectors_in(make_doc, text, language=language)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        pytest.param("Belarus supplies gas equipment and energy-saving lamps to the region.", "energy",
                     id="sentence-is-no-menu"),
        pytest.param("Поставки газа и нефти обсудили отдельно.", "energy", id="ru-gaz-lower-case"),
        pytest.param("Обсуждались поставки кожевенного сырья и обуви.", "light-industry", id="ru-kozhevennoe"),
        pytest.param("Imports were mainly sunflower oil and wine.", "food", id="sunflower-oil-is-food"),
        pytest.param("Импортируется в основном подсолнечное масло.", "food", id="ru-maslo-is-food"),
    ],
)
def test_sector_word_that_counts(make_doc, text, slug):
    language = "ru" if any("а" <= c <= "я" for c in text.lower()) else "en"
    assert slug in sectors_in(make_doc, text, language=language)


def test_a_name_that_holds_a_sector_word_is_a_person(make_doc):
    from articles.extraction.document import Span

    doc = make_doc("Михаил Мясникович обсудил поставки мяса.", language="ru")
    doc.spans.append(Span("PERSON", 0, 17, "Михаил Мясникович", "Михаил Мясникович", "test"))
    assert [s.text for s in find_sectors(doc).spans_of("SECTOR")] == ["мяса"]


def test_the_sites_furniture_above_the_headline_is_not_the_story(make_doc):
    doc = make_doc("Belarus' Top Tourist Sites\nBelarus and Pskov Oblast trade up\n"
                   "Trade between Belarus and Pskov Oblast grew by 40% in ten months, in machinery above all.")
    doc.title, doc.body_start = "Belarus and Pskov Oblast trade up", doc.text.index("Trade between")
    assert set(sectors_in_doc(doc)) == {"machinery"}


def sectors_in_doc(doc) -> Counter:
    return Counter(span.value for span in find_sectors(doc).spans_of("SECTOR"))


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        pytest.param("Взамен импортировать зерновые культуры и корма.", {"agriculture"}, id="ru-crops-are-no-culture"),
        pytest.param("член комиссии по социальной политике, науке, культуре и гуманитарным вопросам", set(),
                     id="ru-a-commissions-name"),
        pytest.param("the Commission on Science and Culture met", set(), id="en-a-commissions-name"),
    ],
)
def test_sector_words_in_another_sense(make_doc, text, slugs):
    language = "ru" if any("а" <= c <= "я" for c in text) else "en"
    assert set(sectors_in(make_doc, text, language)) == slugs
