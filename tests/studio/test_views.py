"""Studio pages as a trainer uses them: htmx fragments and plain posts, item editors,
the checklist, learners; query counts pinned; hostile text always escaped."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Course, Enrollment, Item, Link, Page, Video
from tests.factories.academy import UserFactory
from tests.factories.courses import (
    CourseFactory,
    EnrollmentFactory,
    ItemFactory,
    ModuleFactory,
    PageFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']


def test_the_outline_page_and_its_htmx_fragment(scenario, client_for, trainer):
    url = reverse("studio:outline", args=[scenario.course.slug])
    page = client_for(trainer).get(url)
    fragment = client_for(trainer).get(url, **HX)
    assert "<html" in page.content.decode() and "Strona 1" in page.content.decode()
    assert "<html" not in fragment.content.decode() and 'id="outline"' in fragment.content.decode()
    assert "HX-Request" in page["Vary"]
    assert (
        reverse("courses:item_preview", args=[scenario.course.slug, scenario.items[0].pk])
        in page.content.decode()
    )


def test_moving_with_htmx_returns_the_outline_from_the_database(scenario, client_for, trainer):
    second = scenario.items[1]
    response = client_for(trainer).post(
        reverse("studio:item_move", args=[scenario.course.slug, second.pk]),
        {"direction": "up"},
        **HX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.index("Strona 2") < body.index("Strona 1")
    assert list(
        Item.objects.filter(module=scenario.module)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Strona 2", "Strona 1"]


def test_without_javascript_actions_redirect_back_to_the_outline(scenario, client_for, trainer):
    response = client_for(trainer).post(
        reverse("studio:module_add", args=[scenario.course.slug]), {"title": "Drugi"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "studio:outline", args=[scenario.course.slug]
    )
    assert scenario.course.modules.filter(title="Drugi", position=2).exists()


def test_a_tampered_reorder_is_refused_with_a_message_and_the_real_outline(
    scenario, client_for, trainer
):
    response = client_for(trainer).post(
        reverse("studio:item_reorder", args=[scenario.course.slug, scenario.module.pk]),
        {"order": [scenario.items[1].pk, 999999]},
        **HX,
    )
    body = response.content.decode()
    assert "changed while you were editing" in body
    assert body.index("Strona 1") < body.index("Strona 2")


def test_adding_a_page_opens_its_editor(scenario, client_for, trainer):
    response = client_for(trainer).post(
        reverse("studio:item_add", args=[scenario.course.slug, scenario.module.pk]),
        {"kind": "page", "title": "Nowa"},
        **HX,
    )
    item = Item.objects.get(title="Nowa")
    assert response["HX-Redirect"] == reverse("studio:item_edit", args=[item.pk])


def test_adding_a_quiz_goes_to_the_quiz_editor_from_the_registry(scenario, client_for, trainer):
    from courses import registry

    quiz = registry.get_kind("quiz")
    if quiz is None or quiz.create_url is None:
        pytest.skip("the quiz kind is not registered")
    response = client_for(trainer).post(
        reverse("studio:item_add", args=[scenario.course.slug, scenario.module.pk]),
        {"kind": "quiz", "title": "Test końcowy"},
    )
    # The title the trainer typed goes with them to the quiz editor, which starts from it.
    assert response["Location"] == quiz.create_url(scenario.module) + "?title=Test+ko%C5%84cowy"
    form = client_for(trainer).get(response["Location"]).content.decode()
    assert 'value="Test końcowy"' in form


def test_deleting_an_item_with_progress_archives_it_and_says_so(scenario, client_for, trainer):
    done = scenario.items[0]
    response = client_for(trainer).post(
        reverse("studio:item_delete", args=[scenario.course.slug, done.pk]), **HX
    )
    assert "archived" in response.content.decode()
    done.refresh_from_db()
    assert done.archived_at is not None


def test_the_page_editor_saves_sanitised_text_and_refuses_images_without_alt(
    scenario, client_for, trainer
):
    item = scenario.items[1]
    url = reverse("studio:item_edit", args=[item.pk])
    client = client_for(trainer)
    refused = client.post(
        url,
        {
            "item-title": "Strona 2",
            "item-estimated_minutes": "5",
            "item-is_required": "on",
            "detail-body": '<p>Mapa</p><img src="https://example.org/m.png">',
        },
    )
    assert refused.status_code == 200 and "alt text" in refused.content.decode()
    saved = client.post(
        url,
        {
            "item-title": "Strona 2",
            "item-estimated_minutes": "5",
            "item-is_required": "on",
            "detail-body": '<p onclick="x()">Mapa</p><img src="https://example.org/m.png" alt="Mapa gmin">'
            "<script>alert(1)</script>",
        },
    )
    assert saved.status_code == 302
    body = Page.objects.get(item=item).body
    assert 'alt="Mapa gmin"' in body and "<script" not in body and "onclick" not in body


def test_the_video_editor_warns_without_captions_or_transcript(scenario, client_for, trainer):
    item = ItemFactory(module=scenario.module, kind=Item.Kind.VIDEO, title="Wykład")
    url = reverse("studio:item_edit", args=[item.pk])
    client = client_for(trainer)
    response = client.post(
        url,
        {
            "item-title": "Wykład",
            "item-estimated_minutes": "5",
            "detail-embed_url": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        },
    )
    assert response.status_code == 302
    assert "no captions and no transcript" in client.get(url).content.decode()
    client.post(
        url,
        {
            "item-title": "Wykład",
            "item-estimated_minutes": "5",
            "detail-embed_url": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
            "detail-transcript": "Tekst",
        },
    )
    assert Video.objects.get(item=item).is_accessible
    assert "no captions and no transcript" not in client.get(url).content.decode()


def test_a_javascript_embed_or_link_is_refused(scenario, client_for, trainer):
    video = ItemFactory(module=scenario.module, kind=Item.Kind.VIDEO)
    link = ItemFactory(module=scenario.module, kind=Item.Kind.LINK)
    client = client_for(trainer)
    for item, field in ((video, "detail-embed_url"), (link, "detail-url")):
        response = client.post(
            reverse("studio:item_edit", args=[item.pk]),
            {"item-title": "X", "item-estimated_minutes": "5", field: "javascript:alert(1)"},
        )
        assert response.status_code == 200
    assert (
        not Video.objects.filter(item=video).exists()
        and not Link.objects.filter(item=link).exists()
    )


def test_the_document_editor_refuses_a_mislabelled_upload(scenario, client_for, trainer):
    item = ItemFactory(module=scenario.module, kind=Item.Kind.DOCUMENT)
    response = client_for(trainer).post(
        reverse("studio:item_edit", args=[item.pk]),
        {
            "item-title": "Ustawa",
            "item-estimated_minutes": "5",
            "detail-file": SimpleUploadedFile(
                "ustawa.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
            ),
        },
    )
    assert response.status_code == 200 and "not a PDF" in response.content.decode()


def test_the_details_form_requires_alt_text_for_a_cover_image(scenario, client_for, trainer):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    course = scenario.course
    data = {
        "title": course.title,
        "slug": course.slug,
        "language": "pl",
        "level": "beginner",
        "estimated_hours": "2",
        "enrolment_mode": "open",
        "cover_alt": " ",
    }
    response = client_for(trainer).post(
        reverse("studio:details", args=[course.slug]),
        {**data, "cover_image": SimpleUploadedFile("c.png", buffer.getvalue(), "image/png")},
    )
    assert response.status_code == 200 and "Describe the cover image" in response.content.decode()
    course.refresh_from_db()
    assert not course.cover_image


def test_the_checklist_links_each_problem_to_where_it_is_fixed(client_for, trainer):
    course = CourseFactory(
        status=Course.Status.DRAFT, trainers=[trainer], certificate_enabled=False
    )
    module = ModuleFactory(course=course)
    video = ItemFactory(module=module, kind=Item.Kind.VIDEO, title="Wykład")
    Video.objects.create(item=video, embed_url="https://player.vimeo.com/video/1?dnt=1")
    body = client_for(trainer).get(reverse("studio:checklist", args=[course.slug])).content.decode()
    assert "neither captions nor a transcript" in body
    assert reverse("studio:item_edit", args=[video.pk]) in body
    assert "disabled" in body
    client_for(trainer).post(reverse("studio:publish", args=[course.slug]))
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


def test_request_decisions_and_enrolment_by_email_from_the_learners_page(
    scenario, client_for, trainer
):
    client = client_for(trainer)
    url = reverse("studio:learners", args=[scenario.course.slug])
    assert "Kandydat Nowy" in client.get(url).content.decode()
    client.post(
        reverse("studio:decide", args=[scenario.course.slug, scenario.request.pk]),
        {"decision": "approve"},
    )
    scenario.request.refresh_from_db()
    assert scenario.request.status == Enrollment.Status.ACTIVE
    again = client.post(
        reverse("studio:decide", args=[scenario.course.slug, scenario.request.pk]),
        {"decision": "reject"},
        follow=True,
    )
    assert "already been decided" in again.content.decode()
    response = client.post(url, {"email": "not-an-email"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_a_learner_s_progress_item_by_item(scenario, client_for, trainer):
    body = (
        client_for(trainer)
        .get(reverse("studio:learner", args=[scenario.course.slug, scenario.enrollment.pk]))
        .content.decode()
    )
    assert "Strona 1" in body and "Strona 2" in body and "Not started" in body


# --- Query counts: constant in the number of courses, modules, items and learners ---


def _courses(trainer, n):
    for index in range(n):
        course = CourseFactory(trainers=[trainer])
        for _ in range(3):
            EnrollmentFactory(course=course)
        EnrollmentFactory(course=course, status=Enrollment.Status.REQUESTED, enrolled_at=None)
        ModuleFactory(course=course)


@pytest.mark.parametrize("n", [1, 5])
def test_studio_index_queries_are_constant(client_for, trainer, django_assert_num_queries, n):
    _courses(trainer, n)
    client = client_for(trainer)
    # session, the user (with the role flags for the shell and the create button),
    # count for the pagination, the page of courses with counts
    with django_assert_num_queries(4):
        response = client.get(reverse("studio:index"))
    assert response.content.decode().count("/studio/courses/") >= n


def test_studio_index_paginates(client_for, staff):
    for _ in range(51):
        CourseFactory()
    client = client_for(staff)
    first = client.get(reverse("studio:index")).content.decode()
    second = client.get(reverse("studio:index") + "?page=2").content.decode()
    assert first.count('<th scope="row">') == 50 and second.count('<th scope="row">') == 1
    assert "?page=2" in first


def _outline(trainer, n):
    course = CourseFactory(trainers=[trainer])
    for m in range(n):
        module = ModuleFactory(course=course, position=m + 1)
        for i in range(n):
            PageFactory(item=ItemFactory(module=module, position=i + 1))
    for _ in range(n):
        EnrollmentFactory(course=course)
    return course


@pytest.mark.parametrize("n", [1, 5])
def test_outline_queries_are_constant(client_for, trainer, django_assert_num_queries, n):
    course = _outline(trainer, n)
    client = client_for(trainer)
    # session, the user (with the shell's role flags), course, modules, items
    with django_assert_num_queries(5):
        client.get(reverse("studio:outline", args=[course.slug]))


@pytest.mark.parametrize("n", [1, 5])
def test_learners_page_queries_are_constant(client_for, trainer, django_assert_num_queries, n):
    course = _outline(trainer, 2)
    for _ in range(n):
        EnrollmentFactory(course=course, status=Enrollment.Status.REQUESTED, enrolled_at=None)
    client = client_for(trainer)
    # session, the user (with the shell's role flags), course, requests, page count +
    # page, invitations
    with django_assert_num_queries(7):
        client.get(reverse("studio:learners", args=[course.slug]))


@pytest.mark.parametrize("n", [1, 5])
def test_learner_progress_queries_are_constant(client_for, trainer, django_assert_num_queries, n):
    from courses.progress import progress_record

    course = _outline(trainer, n)
    enrollment = EnrollmentFactory(course=course, user=UserFactory())
    for item in Item.objects.filter(course=course)[:n]:
        progress_record(enrollment=enrollment, item=item, completed=True)
    client = client_for(trainer)
    # session, the user (with the shell's role flags), course, enrolment, progress,
    # items, modules
    with django_assert_num_queries(7):
        client.get(reverse("studio:learner", args=[course.slug, enrollment.pk]))


# --- Hostile text: stored as typed, always escaped where it is shown ---


@pytest.mark.parametrize("payload", XSS)
def test_hostile_text_in_every_studio_field_is_escaped_everywhere(
    client_for, trainer, learner, payload
):
    course = CourseFactory(trainers=[trainer], slug="xss", certificate_enabled=False)
    client = client_for(trainer)
    details = {
        "title": payload,
        "slug": "xss",
        "summary": payload,
        "description": f"<p>Opis</p>{payload}",
        "cover_alt": payload,
        "language": "pl",
        "level": "beginner",
        "estimated_hours": "1",
        "enrolment_mode": "open",
    }
    response = client.post(reverse("studio:details", args=["xss"]), details)
    if "<img" in payload:
        # Sanitising leaves an image without alt text, which the form refuses.
        assert response.status_code == 200
        response = client.post(
            reverse("studio:details", args=["xss"]), {**details, "description": "<p>Opis</p>"}
        )
    assert response.status_code == 302
    client.post(reverse("studio:module_add", args=["xss"]), {"title": payload})
    module = course.modules.get()
    for kind in ("page", "link", "video", "document"):
        client.post(
            reverse("studio:item_add", args=["xss", module.pk]), {"kind": kind, "title": payload}
        )
    items = {item.kind: item for item in Item.objects.filter(course=course)}
    common = {"item-title": payload, "item-estimated_minutes": "5", "item-is_required": "on"}
    # An image needs alt text to be saved at all; the onerror handler must still go.
    body = "<p>Tekst</p><p>" + payload.replace("<img ", '<img alt="x" ') + "</p>"
    client.post(
        reverse("studio:item_edit", args=[items["page"].pk]), {**common, "detail-body": body}
    )
    client.post(
        reverse("studio:item_edit", args=[items["link"].pk]),
        {**common, "detail-url": "https://example.org/", "detail-description": payload},
    )
    client.post(
        reverse("studio:item_edit", args=[items["video"].pk]),
        {
            **common,
            "detail-embed_url": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
            "detail-transcript": payload,
        },
    )
    client.post(reverse("studio:module_rename", args=["xss", module.pk]), {"title": payload})
    client.post(reverse("studio:learners", args=["xss"]), {"email": payload})
    client.post(reverse("studio:trainers", args=["xss"]), {"email": payload})
    assert Page.objects.filter(item=items["page"]).exists()
    enrollment = EnrollmentFactory(course=course, user=learner)
    studio_pages = [
        reverse("studio:index"),
        reverse("studio:outline", args=["xss"]),
        reverse("studio:details", args=["xss"]),
        reverse("studio:checklist", args=["xss"]),
        reverse("studio:trainers", args=["xss"]),
        reverse("studio:learners", args=["xss"]),
        reverse("studio:learner", args=["xss", enrollment.pk]),
        *[reverse("studio:item_edit", args=[item.pk]) for item in items.values()],
        reverse("courses:item_preview", args=["xss", items["page"].pk]),
    ]
    learner_client = client_for(learner)
    player = [reverse("courses:item", args=["xss", item.pk]) for item in items.values()]
    for url, c in [*[(u, client) for u in studio_pages], *[(u, learner_client) for u in player]]:
        body = c.get(url).content.decode()
        for raw in ("<script>alert(1)", "<img src=x onerror", "<svg onload"):
            assert raw not in body, (url, raw)


def test_an_anonymous_htmx_action_gets_a_client_redirect_to_sign_in(scenario, client_for):
    response = client_for(None).post(
        reverse("studio:module_add", args=[scenario.course.slug]), {"title": "X"}, **HX
    )
    assert reverse("account_login") in response["HX-Redirect"]
    assert not scenario.course.modules.filter(title="X").exists()


def test_the_editor_link_of_a_quiz_or_h5p_step_leads_to_that_kind_s_editor(
    scenario, client_for, trainer
):
    from courses import registry

    for key in ("quiz", "h5p"):
        kind = registry.get_kind(key)
        if kind is None or kind.studio_url is None:
            continue
        item = ItemFactory(module=scenario.module, kind=key)
        response = client_for(trainer).get(reverse("studio:item_edit", args=[item.pk]))
        assert response.status_code == 302 and response["Location"] == kind.studio_url(item)


def test_a_cover_image_with_alt_text_is_saved(scenario, client_for, trainer, settings, tmp_path):
    from io import BytesIO

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    course = scenario.course
    response = client_for(trainer).post(
        reverse("studio:details", args=[course.slug]),
        {
            "title": course.title,
            "slug": course.slug,
            "language": "pl",
            "level": "beginner",
            "estimated_hours": "2",
            "enrolment_mode": "approval",
            "cover_alt": "Mapa województw",
            "is_sequential": "on",
            "cover_image": SimpleUploadedFile("okladka.png", buffer.getvalue(), "image/png"),
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.cover_image and course.cover_alt == "Mapa województw" and course.is_sequential


def test_the_checklist_costs_the_same_number_of_queries_for_1_or_5_steps_of_each_kind(
    client_for, trainer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        course = CourseFactory(trainers=[trainer], status=Course.Status.DRAFT)
        module = ModuleFactory(course=course)
        for _ in range(n):
            PageFactory(item=ItemFactory(module=module), body='<p><img src="/a.png" alt=""></p>')
            Video.objects.create(
                item=ItemFactory(module=module, kind=Item.Kind.VIDEO),
                embed_url="https://player.vimeo.com/video/1?dnt=1",
            )
            Link.objects.create(
                item=ItemFactory(module=module, kind=Item.Kind.LINK), url="https://example.org/"
            )
            ItemFactory(module=module, kind=Item.Kind.DOCUMENT)
        client = client_for(trainer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("studio:checklist", args=[course.slug]))
        # An image without alt text, a video without captions, a document without a file.
        assert response.content.decode().count('<a href="/studio/items/') >= 3 * n
        return len(queries)

    assert count(1) == count(5)


def test_the_quiz_editor_leads_back_to_the_course_outline_and_preview_returns_to_the_studio(
    scenario, client_for, trainer
):
    from assessments import services as quizzes

    quiz = quizzes.quiz_create(module=scenario.module, title="Sprawdzian", pass_mark=60)
    outline = reverse("studio:outline", args=[scenario.course.slug])
    for name in (
        "assessments:edit",
        "assessments:preview",
        "assessments:results",
        "assessments:analysis",
    ):
        page = client_for(trainer).get(reverse(name, args=[quiz.item_id])).content.decode()
        assert f'href="{outline}"' in page, name
        assert 'aria-label="Breadcrumbs"' in page
    preview = (
        client_for(trainer)
        .get(reverse("courses:item_preview", args=[scenario.course.slug, scenario.items[0].pk]))
        .content.decode()
    )
    assert f'href="{outline}">Back to the studio</a>' in preview


def test_the_outline_is_calm_styled_inputs_arrows_and_a_plain_preview_link(
    scenario, client_for, trainer
):
    import re

    content = (
        client_for(trainer)
        .get(reverse("studio:outline", args=[scenario.course.slug]))
        .content.decode()
    )
    assert not re.search(
        r"<input (?![^>]*\btype=)", content
    )  # every input gets the styled text look
    item = scenario.items[0]
    assert (
        f'class="studio-preview-link" href="{reverse("courses:item_preview", args=[scenario.course.slug, item.pk])}"'
        in content
    )
    assert f'<span class="visually-hidden">Down: {item.title}</span>' in content
    # Move, rename and delete wait in one "More" menu per step.
    row = content[content.index(f'id="item-{item.pk}"') :]
    row = row[: row.index("</li>")]
    menu = row[row.index('<details class="studio-menu">') :]
    assert "Rename" in menu and "Delete" in menu
    assert "Rename" not in row[: row.index('<details class="studio-menu">')]


def test_the_trainers_learner_pages_explain_a_completed_course_below_100_percent(
    scenario, client_for, trainer
):
    from django.utils import timezone

    Enrollment.objects.filter(pk=scenario.enrollment.pk).update(
        completed_at=timezone.now(), required_completed=2, required_total=3, percent=66
    )
    client = client_for(trainer)
    note = "1 new step was added after completion; the course stays complete."
    assert (
        note in client.get(reverse("studio:learners", args=[scenario.course.slug])).content.decode()
    )
    assert (
        note
        in client.get(
            reverse("studio:learner", args=[scenario.course.slug, scenario.enrollment.pk])
        ).content.decode()
    )
