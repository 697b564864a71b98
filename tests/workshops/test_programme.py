"""Workshop attendance in the programme report: people who attended or partly attended,
protected like every programme figure (never 1–4 people, even by differencing)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.models import Organisation
from courses.models import Enrollment
from tests.factories.academy import MembershipFactory, OrganisationFactory, UserFactory
from tests.training.differencing import assert_no_subtraction_reveals_a_few, shown
from training.programme import Filters, programme_report
from workshops.models import Booking

from .conftest import make_session

pytestmark = pytest.mark.django_db

B = Booking.Status


def attendees(session, organisation, count, status=B.ATTENDED):
    for _index in range(count):
        user = UserFactory()
        MembershipFactory(user=user, organisation=organisation)
        Enrollment.objects.create(
            user=user,
            course=session.workshop.item.course,
            status=Enrollment.Status.ACTIVE,
            enrolled_at=timezone.now(),
        )
        Booking.objects.create(session=session, user=user, status=status, minutes=120)


@pytest.fixture
def landscape(workshop):
    session = make_session(workshop, start=timezone.now() - timedelta(days=2), room=100)
    lublin = OrganisationFactory(name="Gmina L", voivodeship="lubelskie")
    lublin_ngo = OrganisationFactory(
        name="NGO L", voivodeship="lubelskie", kind=Organisation.Kind.NGO
    )
    warsaw = OrganisationFactory(name="Gmina W", voivodeship="mazowieckie")
    krakow = OrganisationFactory(name="Gmina K", voivodeship="malopolskie")
    attendees(session, lublin, 12)
    attendees(session, lublin_ngo, 1, status=B.PARTLY)  # the person someone wants to find
    attendees(session, warsaw, 15)
    attendees(session, warsaw, 2, status=B.PARTLY)
    attendees(session, warsaw, 6, status=B.NO_SHOW)  # did not attend: not counted
    attendees(session, warsaw, 4, status=B.BOOKED)  # booked, never marked: not counted
    attendees(session, krakow, 3)
    return session


def test_attendees_are_counted_by_voivodeship_rounded_and_small_cells_hidden(landscape):
    rows, total = programme_report("voivodeship", Filters())
    by = {r.key: r.cells["attendees"] for r in rows}
    assert by["mazowieckie"].value == 15  # 15 attended + 2 partly = 17, rounded
    assert by["malopolskie"].hidden and by["malopolskie"].value is None  # 3 people
    # Complementary: malopolskie alone hidden would be total − the others.
    assert by["lubelskie"].hidden
    assert total.cells["attendees"].value == 35  # 33 people
    for row in [*rows, total]:
        cell = row.cells["attendees"]
        assert cell.hidden or cell.value % 5 == 0


def test_attendance_follows_the_kind_course_and_period_groupings(landscape, workshop):
    course = workshop.item.course
    rows, _total = programme_report("course", Filters())
    assert {r.key: shown(r.cells["attendees"]) for r in rows} == {course.pk: 35}
    rows, _total = programme_report("period", Filters())
    assert [shown(r.cells["attendees"]) for r in rows] == [35]
    rows, _total = programme_report("kind", Filters())
    by = {r.key: r.cells["attendees"] for r in rows}
    assert by[Organisation.Kind.NGO].hidden
    later = Filters(start=timezone.localdate() + timedelta(days=1))
    assert programme_report("voivodeship", later)[1].cells["attendees"].value == 0


def test_differencing_filtered_reports_never_reveals_the_lone_attendee(landscape):
    assert_no_subtraction_reveals_a_few(("attendees",))
    _rows, total = programme_report("voivodeship", Filters(voivodeship="lubelskie", kind="ngo"))
    assert total.cells["attendees"].hidden


def test_exports_carry_the_attendance_column_with_the_same_protection(landscape, client_for, staff):
    browser = client_for(staff)
    response = browser.get(reverse("reports:programme_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    column = table[0].index("Uczestnicy warsztatów")
    by = {line[0]: line[column] for line in table[1:-1]}
    assert by["małopolskie"] == "*" and by["lubelskie"] == "*"
    assert by["mazowieckie"] == "15" and by["Razem"] == "35"
    assert not {"1", "2", "3", "4"} & {line[column] for line in table[1:-1]}

    sheet = load_workbook(io.BytesIO(browser.get(reverse("reports:programme_xlsx")).content)).active
    header = [cell.value for cell in sheet[1]]
    values = {
        row[0]: row[header.index("Uczestnicy warsztatów")]
        for row in sheet.iter_rows(2, values_only=True)
    }
    assert values["małopolskie"] == "*" and values["mazowieckie"] == 15

    page = browser.get(reverse("reports:programme")).content.decode()
    assert "Uczestnicy warsztatów" in page


@pytest.mark.parametrize("sessions", [1, 5])
def test_the_report_costs_the_same_queries_whatever_the_attendance(
    workshop, sessions, django_assert_num_queries
):
    organisation = OrganisationFactory(voivodeship="mazowieckie")
    for index in range(sessions):
        session = make_session(workshop, start=timezone.now() - timedelta(days=index + 1))
        attendees(session, organisation, 2)
    # Enrolments: one grouped query and two for the totals; attendance: one grouped query
    # and one total; one for the course titles.
    with django_assert_num_queries(6):
        programme_report("course", Filters())
    # By month: two grouped enrolment queries (enrolled, completed), no labels query.
    with django_assert_num_queries(6):
        programme_report("period", Filters())
