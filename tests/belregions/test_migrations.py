"""The reference data is there after `migrate`."""

import pytest

from belregions.models import Region, RegionKind, Sector

pytestmark = pytest.mark.django_db


def test_it_loads_98_regions_and_24_sectors():
    assert Region.objects.count() == 98
    assert Sector.objects.count() == 24


def test_each_russian_subject_has_its_federal_district():
    subjects = Region.objects.filter(country="RU").exclude(kind=RegionKind.FEDERAL_DISTRICT)
    assert subjects.count() == 83
    assert not subjects.filter(district__isnull=True).exists()
    assert set(subjects.values_list("district__kind", flat=True)) == {RegionKind.FEDERAL_DISTRICT}


@pytest.mark.parametrize(
    "code, district",
    [
        pytest.param("RU-NVS", "RU-FD-SIB", id="novosibirsk-siberian"),
        pytest.param("RU-KYA", "RU-FD-SIB", id="krasnoyarsk-siberian"),
        pytest.param("RU-LEN", "RU-FD-NW", id="leningrad-northwestern"),
        pytest.param("RU-SVE", "RU-FD-URA", id="sverdlovsk-ural"),
        pytest.param("RU-BU", "RU-FD-FE", id="buryatia-far-eastern-since-2018"),
    ],
)
def test_it_knows_the_district_of(code, district):
    assert Region.objects.get(code=code).district_id == district


def test_belarusian_units_have_no_district():
    belarus = Region.objects.filter(country="BY")
    assert belarus.count() == 7
    assert not belarus.filter(district__isnull=False).exists()
    assert belarus.get(code="BY-HM").kind == RegionKind.CITY
