"""The search service: hostile input, who sees what, the page and the system check."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from academy import safe_input
from search.indexing import course_index
from search.models import SearchEntry
from search.query import light_stem, parse
from search.service import search
from tests.factories.courses import (
    EnrollmentFactory,
    ItemFactory,
    PageFactory,
    VideoFactory,
    build_course,
)
from tests.factories.knowledge import build_publication

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "uchodźcy\x00' OR 1=1 --",
    "a" * 10_000,
    "zakwaterowanie " * 700,
    "&|!():*",
    "uchodźcy & | ! ( ) : *",
    "'uchodźcy'",
    '"uchodźcy"',
    "uchodźcy:*",
    "!uchodźcy",
    "<->",
    "'; DROP TABLE search_searchentry; --",
    "\\",
    "%",
    "_",
    "NEAR(a b)",
    "title:x",
    "uchodźcy OR",
    "AND",
    "*",
    "^x",
    "\u202e\u0000\ud7ff",
]


@pytest.mark.parametrize("raw", HOSTILE, ids=range(len(HOSTILE)))
def test_any_input_gives_results_or_nothing_never_an_error(raw):
    build_publication(title="Raport o uchodźcach", text="zakwaterowanie uchodźców")
    results = search(raw, user=AnonymousUser())
    assert results.total >= 0
    assert SearchEntry.objects.exists()


def test_the_search_page_survives_hostile_input(client):
    for raw in HOSTILE:
        # NUL bytes and over-long values are refused at the academy's edge with a clear
        # 400 page (academy.safe_input); everything else reaches the search and answers.
        refused = safe_input.unstorable(raw) or len(raw) > safe_input.MAX_QUERY_VALUE
        response = client.get(reverse("search:page"), {"q": raw, "page": "x", "kind": "<script>"})
        assert response.status_code == (400 if refused else 200), raw[:40]


def test_query_parsing_keeps_letters_and_digits_only():
    assert [t.word for t in parse("Uchodźcy & (Ukraina):* 'x' 2024")] == [
        "uchodźcy",
        "ukraina",
        "x",
        "2024",
    ]
    assert parse("\x00&|!") == []
    assert len(parse("słowo " * 50)) == 1
    assert len(parse(" ".join(f"w{n}" for n in range(50)))) == 8
    assert light_stem("uchodźcami") == "uchodźc"
    assert light_stem("pakt") == "pakt"


@pytest.fixture
def course_with_content(trainer):
    course, items = build_course(title="Kurs o tłumaczeniu", trainers=[trainer])
    PageFactory(item=items[0], body="<p>Rozmowa z mediatorem kulturowym w urzędzie gminy.</p>")
    video_item = ItemFactory(module=items[0].module, kind="video", title="Nagranie")
    VideoFactory(item=video_item, transcript="Transkrypcja o karcie pobytu dla obywateli Ukrainy.")
    course_index(course.pk)
    return course


def _found(user, query):
    return [hit.kind for hit in search(query, user=user).hits]


def test_course_content_only_for_people_who_may_see_the_course(
    course_with_content, learner, trainer, outsider, staff
):
    EnrollmentFactory(user=learner, course=course_with_content)
    assert _found(AnonymousUser(), "mediatorem") == []
    assert _found(outsider, "mediatorem") == []
    for user in (learner, trainer, staff):
        assert _found(user, "mediatorem") == ["course-content"], user
        assert _found(user, "karcie pobytu") == ["course-content"]


def test_a_draft_course_and_its_content_stay_hidden(course_with_content, learner):
    EnrollmentFactory(user=learner, course=course_with_content)
    course_with_content.status = "draft"
    course_with_content.save()
    course_index(course_with_content.pk)
    assert _found(AnonymousUser(), "tłumaczeniu") == []
    assert _found(learner, "mediatorem") == []


def test_the_catalogue_entry_is_public(course_with_content):
    assert _found(AnonymousUser(), "kurs tłumaczeniu") == ["course"]


def test_saving_a_course_reindexes_it_in_a_task(django_capture_on_commit_callbacks):
    course, _items = build_course(title="Stary tytuł")
    with django_capture_on_commit_callbacks(execute=True):
        course.title = "Nowy tytuł o azylu"
        course.save()
    assert _found(AnonymousUser(), "azylu") == ["course"]


def test_the_page_shows_kinds_snippets_and_facets(client, course_with_content):
    build_publication(title="Raport o mediatorach", text="mediatorem kulturowym")
    response = client.get(reverse("search:page"), {"q": "mediatorem"})
    body = response.content.decode()
    assert "Raport o mediatorach" in body and "<mark>" in body
    assert "Kurs o tłumaczeniu" not in body  # its page is course content, hidden from visitors


def test_the_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(5):
        build_publication(title=f"Raport {n} o azylu")
    # PostgreSQL adds the planner settings around the search statement (set and reset,
    # search.backends.postgres) and the typo lookup.
    from django.db import connection

    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 6):
        assert client.get(reverse("search:page"), {"q": "azylu"}).status_code == 200


def test_the_check_warns_without_dictionaries(monkeypatch):
    from django.db import connection

    from search import checks

    if connection.vendor == "postgresql":
        monkeypatch.setattr(
            "search.backends.postgres.dictionaries_installed",
            lambda: {"polish": False, "ukrainian": True},
        )
        messages = checks.dictionaries_check(databases=["default"])
        assert [m.id for m in messages] == ["search.W001"]
    else:
        assert checks.dictionaries_check(databases=["default"]) == []


def test_the_dictionaries_command_switches_postgres_and_refuses_sqlite():
    from io import StringIO

    from django.core.management import CommandError, call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        out = StringIO()
        call_command("search_dictionaries", stdout=out)
        assert (
            "polish: polish_hunspell" in out.getvalue()
            and "ukrainian: ukrainian_hunspell" in out.getvalue()
        )
    else:
        with pytest.raises(CommandError):
            call_command("search_dictionaries")


def test_the_catalogue_uses_the_search_service_once_courses_are_indexed(client):
    course, _items = build_course(title="Praca z uchodźcami w gminie")
    other, _items = build_course(title="Budżet gminy")
    catalog = reverse("courses:catalog")
    # nothing indexed yet: the catalogue's own word-by-word filter answers, without diacritics
    # too (courses/search.py, issue 13 item 6)
    assert course.title in client.get(catalog, {"q": "uchodzcy"}).content.decode()
    course_index(course.pk)
    course_index(other.pk)
    body = client.get(catalog, {"q": "uchodzcy gmina"}).content.decode()
    assert course.title in body and other.title not in body


def test_a_course_documents_text_is_found_by_those_who_may_see_the_course(
    course_with_content, learner, outsider, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from courses.models import Document
    from tests.knowledge import files

    EnrollmentFactory(user=learner, course=course_with_content)
    item = ItemFactory(
        module=course_with_content.modules.first(), kind="document", title="Wzór wniosku"
    )
    content = files.pdf("Wniosek o zezwolenie na pobyt czasowy wypełnia cudzoziemiec.")
    with django_capture_on_commit_callbacks(execute=True):
        document = Document(item=item, file_type="pdf", original_name="wzor.pdf", size=len(content))
        document.file.save("wzor.pdf", ContentFile(content), save=True)
    assert _found(learner, "zezwoleniu na pobyt") == ["course-content"]
    assert _found(outsider, "zezwoleniu na pobyt") == []
    assert _found(AnonymousUser(), "cudzoziemiec") == []
    # Re-indexing the course keeps the text without reading the file again, and follows
    # a renamed step.
    from courses.authoring import item_rename

    item_rename(item=item, title="Wzór wniosku pobytowego")
    document.file.storage.delete(document.file.name)
    course_index(course_with_content.pk)
    hits = search("cudzoziemiec", user=learner).hits
    assert [hit.title for hit in hits] == ["Wzór wniosku pobytowego"]
    # An unreadable file is simply not indexed, never an error.
    broken = ItemFactory(module=item.module, kind="document", title="Uszkodzony")
    with django_capture_on_commit_callbacks(execute=True):
        Document(item=broken, file_type="pdf", original_name="x.pdf", size=3).file.save(
            "x.pdf", ContentFile(b"%PDF-broken"), save=True
        )
    assert not SearchEntry.objects.filter(
        key=f"courses.content:{course_with_content.pk}:{broken.pk}"
    ).exists()


def test_re_indexing_an_unchanged_course_writes_nothing(course_with_content):
    before = dict(SearchEntry.objects.values_list("key", "updated_at"))
    course_index(course_with_content.pk)
    assert dict(SearchEntry.objects.values_list("key", "updated_at")) == before
    course_with_content.summary = "Nowe streszczenie o mediacji"
    course_with_content.save()
    course_index(course_with_content.pk)
    after = dict(SearchEntry.objects.values_list("key", "updated_at"))
    changed = [key for key in after if after[key] != before[key]]
    assert changed == [f"courses.course:{course_with_content.pk}"]
