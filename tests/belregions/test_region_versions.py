"""Each region's part of the data version: a parse moves the versions of the regions it touches, no other."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from belregions.models import RegionVersion
from belregions.read_cache import bump_regions, region_data_version
from tests import factories as make

pytestmark = pytest.mark.django_db


def versions() -> dict[str, int]:
    return dict(RegionVersion.objects.values_list("code", "version"))


def test_a_bump_moves_the_regions_their_districts_and_the_meetings_regions_in_one_statement():
    meeting = make.meeting(make.article("Tomsk"), date(2020, 3, 1), regions=["RU-TOM"])
    with CaptureQueriesContext(connection) as captured:
        bump_regions({"RU-NVS", "BY-MI", "XX-NONE"}, {meeting.pk})
    assert len(captured.captured_queries) == 1
    # Novosibirsk and Tomsk, their district; Minsk (no district); an unknown code is no region's
    assert versions() == {"RU-NVS": 1, "RU-TOM": 1, "RU-FD-SIB": 1, "BY-MI": 1}
    bump_regions({"RU-OMS"})
    assert versions() == {"RU-NVS": 1, "RU-TOM": 1, "RU-FD-SIB": 2, "BY-MI": 1, "RU-OMS": 1}


def test_nothing_to_bump_is_no_statement():
    with CaptureQueriesContext(connection) as captured:
        bump_regions(set(), set())
    assert not captured.captured_queries


def test_a_regions_version_is_one_query_and_moves_with_it_and_with_an_editors_change_only(admin_user):
    article = make.article("Omsk")
    with CaptureQueriesContext(connection) as captured:
        omsk, moscow = region_data_version("RU-OMS"), region_data_version("RU-MOW")
    assert len(captured.captured_queries) == 2
    make.article("Another upload")  # an upload moves the whole data's version, not a region's
    bump_regions({"RU-OMS"})
    assert region_data_version("RU-OMS") != omsk
    assert region_data_version("RU-MOW") == moscow
    article.fact_changes.create(fact_type="article", fact_id=article.pk, action="correct", user=admin_user)
    assert region_data_version("RU-MOW") != moscow  # an editor's change may touch any region
