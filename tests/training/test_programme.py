"""Programme reports never show a figure for fewer than 5 people, even by differencing."""

import pytest
from django.utils import timezone

from academy.models import Organisation
from courses.models import Enrollment
from tests.factories.academy import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.courses import CourseFactory
from tests.training.differencing import assert_no_subtraction_reveals_a_few
from training.programme import (
    Cell,
    Filters,
    ReportRow,
    impact_by_voivodeship,
    programme_report,
    protect,
)

pytestmark = pytest.mark.django_db


def people(organisation, course, count, completed=0):
    for index in range(count):
        user = UserFactory()
        MembershipFactory(user=user, organisation=organisation)
        Enrollment.objects.create(
            user=user,
            course=course,
            status=Enrollment.Status.ACTIVE,
            enrolled_at=timezone.now(),
            completed_at=timezone.now() if index < completed else None,
        )


@pytest.fixture
def landscape(db):
    course = CourseFactory(title="Kurs A", estimated_hours=2)
    lublin = OrganisationFactory(name="Gmina L", voivodeship="lubelskie")
    lublin_ngo = OrganisationFactory(
        name="NGO L", voivodeship="lubelskie", kind=Organisation.Kind.NGO
    )
    warsaw = OrganisationFactory(name="Gmina W", voivodeship="mazowieckie")
    krakow = OrganisationFactory(name="Gmina K", voivodeship="malopolskie")
    people(lublin, course, 12, completed=8)
    people(lublin_ngo, course, 1, completed=1)  # the person someone wants to find
    people(warsaw, course, 20, completed=9)
    people(krakow, course, 3, completed=2)
    return course


def test_small_cells_are_hidden_and_everything_is_rounded(landscape):
    rows, total = programme_report("voivodeship", Filters())
    by = {r.key: r for r in rows}
    assert by["malopolskie"].cells["learners"].hidden
    assert by["malopolskie"].cells["completions"].hidden
    assert by["malopolskie"].cells["hours"].hidden
    for row in [*rows, total]:
        for cell in row.cells.values():
            assert cell.hidden or cell.value % 5 == 0
            assert cell.hidden or cell.value == 0 or cell.value >= 5


def test_a_single_hidden_cell_gets_a_complementary_partner():
    rows = [
        ReportRow(
            key=k,
            label=k,
            cells={
                m: Cell(value=None, raw=v)
                for m in ("enrolments", "learners", "completions", "hours")
            },
        )
        for k, v in (("a", 3), ("b", 7), ("c", 20))
    ]
    total = ReportRow(
        key=None,
        label="T",
        cells={
            m: Cell(value=None, raw=30) for m in ("enrolments", "learners", "completions", "hours")
        },
    )
    protect(rows, total)
    assert rows[0].cells["learners"].hidden and rows[1].cells["learners"].hidden
    assert not rows[2].cells["learners"].hidden


def test_differencing_two_filtered_reports_does_not_reveal_one_person(landscape):
    """The NGO member in lubelskie is alone in their cell. An attacker subtracts the
    municipalities' figure from the whole voivodeship's, for every metric, in every
    pair of filters, and never gets a count of 1 to 4."""
    assert_no_subtraction_reveals_a_few(("enrolments", "learners", "completions"))
    ngo_only, total = programme_report("voivodeship", Filters(voivodeship="lubelskie", kind="ngo"))
    assert all(row.cells["learners"].hidden for row in ngo_only)
    assert total.cells["learners"].hidden


def test_the_impact_page_counts_officials_per_voivodeship(landscape):
    rows, total = impact_by_voivodeship()
    by = {r.key: r for r in rows}
    assert by["mazowieckie"].cells["learners"].value == 10  # 9 rounded
    assert by["malopolskie"].cells["learners"].hidden
    assert "lubelskie" in by


def test_the_report_costs_a_constant_number_of_queries(landscape, django_assert_max_num_queries):
    # Two grouped queries, three for the total, one for labels (course titles).
    with django_assert_max_num_queries(6):
        programme_report("course", Filters())
