import io

import pytest
from openpyxl import Workbook

from tests.factories.academy import MembershipFactory, UserFactory
from training import imports
from training.models import Department, Invitation

pytestmark = pytest.mark.django_db

HEADER = "imię i nazwisko;e-mail;wydział;stanowisko\n"


def parse(organisation, text, name="staff.csv"):
    return imports.parse_upload(organisation=organisation, name=name, data=text.encode("utf-8"))


def test_a_good_csv_previews_every_row_and_creates_nothing(organisation):
    rows = parse(
        organisation,
        HEADER + "Anna Nowak;anna@example.org;Wydział Spraw Społecznych;Referentka\n"
        "Jan Kowalski;JAN@example.org;;\n",
    )
    assert [r.ok for r in rows] == [True, True]
    assert rows[1].email == "jan@example.org"
    assert Invitation.objects.count() == 0 and Department.objects.count() == 0


def test_english_headers_and_commas_work_too(organisation):
    rows = parse(organisation, "Name,Email,Department,Job title\nAnna,anna@example.org,A,B\n")
    assert rows[0].ok and rows[0].department == "A"


def test_wrong_columns_are_refused_for_the_whole_file(organisation):
    with pytest.raises(imports.ImportError_, match="Missing: email"):
        parse(organisation, "name;phone\nAnna;123\n")


def test_duplicates_bad_emails_and_missing_names_are_reported_by_row(organisation):
    rows = parse(
        organisation,
        HEADER
        + "Anna;anna@example.org;;\nAnna B;anna@example.org;;\nBob;not-an-email;;\n;x@example.org;;\n",
    )
    assert rows[0].ok
    assert "line 2" in rows[1].errors[0]
    assert "valid email" in rows[2].errors[0]
    assert "name is missing" in rows[3].errors[0]


def test_formula_cells_are_refused_never_stored(organisation):
    rows = parse(
        organisation, HEADER + '=HYPERLINK("http://evil","klik");evil@example.org;@SUM(A1);+1\n'
    )
    assert not rows[0].ok
    assert len(rows[0].errors) >= 2
    assert rows[0].name == "" and rows[0].department == ""


def test_people_of_this_or_another_organisation_are_flagged(
    organisation, other_organisation, learner, outsider
):
    rows = parse(organisation, HEADER + f"L;{learner.email};;\nO;{outsider.email};;\n")
    assert "Already a member" in rows[0].errors[0]
    assert "another organisation" in rows[1].errors[0]


def test_too_many_rows_is_refused_with_the_limit(organisation):
    body = "".join(f"P{i};p{i}@example.org;;\n" for i in range(50_000))
    with pytest.raises(imports.ImportError_) as error:
        parse(organisation, HEADER + body)
    assert "2000" in str(error.value) or "MB" in str(error.value)


def test_just_over_the_row_limit_is_refused(organisation):
    body = "".join(f"P{i};p{i}@example.org;;\n" for i in range(imports.MAX_ROWS + 1))
    with pytest.raises(imports.ImportError_, match="2000"):
        parse(organisation, HEADER + body)


def test_a_file_that_is_not_a_spreadsheet_is_refused(organisation):
    with pytest.raises(imports.ImportError_, match="not a CSV"):
        imports.parse_upload(organisation=organisation, name="x.pdf", data=b"%PDF-1.7 \x00\x01")
    with pytest.raises(imports.ImportError_, match="not a CSV"):
        imports.parse_upload(organisation=organisation, name="x.xlsx", data=b"PK\x03\x04broken")


def test_an_xlsx_is_read_and_its_formulas_refused(organisation):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email", "Department", "Job title"])
    sheet.append(["Anna", "anna@example.org", "Wydział", "Referentka"])
    sheet.append(['=HYPERLINK("http://evil")', "b@example.org", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = imports.parse_upload(organisation=organisation, name="s.xlsx", data=buffer.getvalue())
    assert rows[0].ok and rows[0].job_title == "Referentka"
    assert not rows[1].ok


def test_confirm_invites_valid_rows_and_creates_departments(organisation, coordinator):
    rows = parse(organisation, HEADER + "Anna;anna@example.org;Wydział A;Ref\nBad;bad;;\n")
    invited = imports.import_confirm(
        organisation=organisation, rows=imports.rows_to_session(rows), by=coordinator
    )
    assert invited == 1
    invitation = Invitation.objects.get()
    assert invitation.department.name == "Wydział A" and invitation.job_title == "Ref"


def test_confirm_skips_someone_who_joined_since_the_preview(organisation, coordinator):
    rows = parse(organisation, HEADER + "Anna;anna@example.org;;\n")
    MembershipFactory(user=UserFactory(email="anna@example.org"), organisation=organisation)
    assert (
        imports.import_confirm(
            organisation=organisation, rows=imports.rows_to_session(rows), by=coordinator
        )
        == 0
    )
