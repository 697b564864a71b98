"""The authoring services: positions stay 1..n, removals keep learners' progress,
publishing is gated by the checklist, copies are deep, people are added by email."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from courses import authoring
from courses.models import Course, Enrollment, Item, ItemProgress, Module, Page, Video
from studio import services
from studio.models import StudioInvitation
from tests.factories.academy import UserFactory
from tests.factories.courses import (
    CourseFactory,
    EnrollmentFactory,
    ItemFactory,
    ModuleFactory,
    PageFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def positions(module):
    return list(
        Item.objects.filter(module=module).order_by("position").values_list("title", "position")
    )


def test_course_create_makes_a_draft_taught_by_its_author_with_a_unique_slug(trainer):
    first = authoring.course_create(by=trainer, title="Tłumacze w urzędzie")
    second = authoring.course_create(by=trainer, title="Tłumacze w urzędzie")
    assert first.status == Course.Status.DRAFT and list(first.trainers.all()) == [trainer]
    assert first.slug == "tlumacze-w-urzedzie"
    assert second.slug == "tlumacze-w-urzedzie-2"


def test_course_create_refuses_people_outside_the_trainers_group(learner):
    with pytest.raises(PermissionDenied):
        authoring.course_create(by=learner, title="Nie wolno")
    assert not Course.objects.filter(title="Nie wolno").exists()


def test_modules_and_items_are_appended_with_positions_one_to_n(trainer):
    course = authoring.course_create(by=trainer, title="Kurs")
    first = authoring.module_create(course=course, title="Pierwszy")
    second = authoring.module_create(course=course, title="Drugi")
    a = authoring.item_create(module=first, kind="page", title="A")
    b = authoring.item_create(module=first, kind="page", title="B")
    assert [(first.title, 1), (second.title, 2)] == list(
        Module.objects.filter(course=course).values_list("title", "position")
    )
    assert positions(first) == [("A", 1), ("B", 2)]
    assert (a.course_id, b.course_id) == (course.pk, course.pk)


def test_a_blank_module_title_is_refused(trainer):
    course = authoring.course_create(by=trainer, title="Kurs")
    with pytest.raises(ValidationError):
        authoring.module_create(course=course, title="   ")
    assert not Module.objects.filter(course=course).exists()


def test_item_create_refuses_an_unknown_kind(trainer):
    module = ModuleFactory(course=CourseFactory(trainers=[trainer]))
    with pytest.raises(ValidationError):
        authoring.item_create(module=module, kind="flash", title="X")


def test_reorder_rewrites_positions_and_can_pull_an_item_from_another_module():
    course = CourseFactory()
    one, two = ModuleFactory(course=course, position=5), ModuleFactory(course=course, position=9)
    a, b, c = (
        ItemFactory(module=one, title=t, position=p) for t, p in (("A", 3), ("B", 7), ("C", 8))
    )
    d = ItemFactory(module=two, title="D", position=0)
    authoring.item_reorder(module=one, item_ids=[c.pk, a.pk, b.pk])
    assert positions(one) == [("C", 1), ("A", 2), ("B", 3)]
    authoring.item_reorder(module=two, item_ids=[b.pk, d.pk])
    assert positions(one) == [("C", 1), ("A", 2)]
    assert positions(two) == [("B", 1), ("D", 2)]


@pytest.mark.parametrize("ids", ["missing", "duplicate", "foreign"])
def test_a_stale_or_tampered_order_is_refused_and_changes_nothing(ids):
    course = CourseFactory()
    module = ModuleFactory(course=course)
    a, b = (
        ItemFactory(module=module, title="A", position=1),
        ItemFactory(module=module, title="B", position=2),
    )
    foreign = ItemFactory(title="Obcy")
    order = {
        "missing": [b.pk],
        "duplicate": [b.pk, a.pk, a.pk],
        "foreign": [b.pk, a.pk, foreign.pk],
    }[ids]
    with pytest.raises(ValidationError):
        authoring.item_reorder(module=module, item_ids=order)
    assert positions(module) == [("A", 1), ("B", 2)]
    assert Item.objects.get(pk=foreign.pk).module_id != module.pk


def test_move_up_down_and_to_another_module_clamp_at_the_ends():
    course = CourseFactory()
    one, two = ModuleFactory(course=course, position=1), ModuleFactory(course=course, position=2)
    a, b = (
        ItemFactory(module=one, title="A", position=1),
        ItemFactory(module=one, title="B", position=2),
    )
    authoring.item_move(item=b, index=0)
    assert positions(one) == [("B", 1), ("A", 2)]
    authoring.item_move(item=b, index=-1)
    assert positions(one) == [("B", 1), ("A", 2)]
    authoring.item_move(item=a, module=two, index=99)
    assert positions(one) == [("B", 1)] and positions(two) == [("A", 1)]


def test_items_cannot_move_to_another_course():
    item = ItemFactory()
    with pytest.raises(ValidationError):
        authoring.item_move(item=item, module=ModuleFactory(), index=0)


def test_module_move_keeps_positions_gap_free():
    course = CourseFactory()
    modules = [ModuleFactory(course=course, position=p * 10, title=str(p)) for p in range(3)]
    authoring.module_move(module=modules[2], index=0)
    assert list(Module.objects.filter(course=course).values_list("title", "position")) == [
        ("2", 1),
        ("0", 2),
        ("1", 3),
    ]


def test_removing_an_untouched_item_deletes_it():
    course = CourseFactory()
    module = ModuleFactory(course=course)
    a, _b = (
        ItemFactory(module=module, title="A", position=1),
        ItemFactory(module=module, title="B", position=2),
    )
    assert authoring.item_archive(item=a) == "deleted"
    assert not Item.objects.filter(pk=a.pk).exists()
    assert positions(module) == [("B", 1)]


def test_removing_an_item_learners_worked_on_archives_it_keeps_progress_and_recounts(
    django_capture_on_commit_callbacks,
    learner,
):
    from courses.progress import progress_record

    course = CourseFactory()
    module = ModuleFactory(course=course)
    done, todo = ItemFactory(module=module, position=1), ItemFactory(module=module, position=2)
    other = EnrollmentFactory(course=course)
    enrollment = EnrollmentFactory(user=learner, course=course)
    progress_record(enrollment=enrollment, item=done, completed=True)
    progress_record(enrollment=other, item=todo, completed=True)
    enrollment.refresh_from_db()
    assert (enrollment.required_completed, enrollment.required_total) == (1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert authoring.item_archive(item=todo) == "archived"
    todo.refresh_from_db()
    enrollment.refresh_from_db()
    assert todo.archived_at is not None
    assert ItemProgress.objects.filter(item=todo).count() == 1
    # The learner now has everything that is left: the course completes for them.
    assert (enrollment.required_completed, enrollment.required_total, enrollment.percent) == (
        1,
        1,
        100,
    )
    assert enrollment.completed_at is not None


def test_adding_a_required_item_to_a_published_course_counts_it_at_once(
    django_capture_on_commit_callbacks,
):
    course = CourseFactory()
    module = ModuleFactory(course=course)
    ItemFactory(module=module)
    enrollment = EnrollmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True):
        authoring.item_create(module=module, kind="page", title="Nowy krok")
    enrollment.refresh_from_db()
    assert enrollment.required_total == 2


def test_deleting_the_only_module_with_learner_progress_archives_those_items_and_keeps_it(learner):
    from courses.progress import progress_record

    course = CourseFactory()
    module = ModuleFactory(course=course)
    used, unused = ItemFactory(module=module, position=1), ItemFactory(module=module, position=2)
    progress_record(
        enrollment=EnrollmentFactory(user=learner, course=course), item=used, completed=True
    )
    assert authoring.module_delete(module=module) is False
    assert Item.objects.get(pk=used.pk).archived_at is not None
    assert not Item.objects.filter(pk=unused.pk).exists()


def test_deleting_a_module_hands_its_archived_items_to_a_neighbour_and_keeps_progress(learner):
    from courses.progress import progress_record

    course = CourseFactory()
    first, second = (
        ModuleFactory(course=course, position=1),
        ModuleFactory(course=course, position=2),
    )
    kept = ItemFactory(module=first, position=1, title="Zostaje")
    used = ItemFactory(module=second, position=1, title="Użyty")
    progress_record(
        enrollment=EnrollmentFactory(user=learner, course=course), item=used, completed=True
    )
    assert authoring.module_delete(module=second) is True
    used.refresh_from_db()
    assert used.module_id == first.pk and used.archived_at is not None
    assert positions(first) == [("Zostaje", 1), ("Użyty", 2)]
    assert ItemProgress.objects.filter(item=used).exists() and kept.pk


def test_deleting_an_untouched_module_deletes_it_and_renumbers():
    course = CourseFactory()
    one, two = (
        ModuleFactory(course=course, position=1),
        ModuleFactory(course=course, position=2, title="Zostaje"),
    )
    ItemFactory(module=one)
    assert authoring.module_delete(module=one) is True
    assert list(Module.objects.filter(course=course).values_list("title", "position")) == [
        ("Zostaje", 1)
    ]
    assert two.pk


def test_publishing_is_blocked_until_the_checklist_is_clean(trainer):
    # Without a certificate, so the certificates app's own check stays out of the way.
    course = CourseFactory(
        status=Course.Status.DRAFT, trainers=[trainer], certificate_enabled=False
    )
    with pytest.raises(ValidationError) as error:
        authoring.course_publish(course=course)
    assert "required" in " ".join(error.value.messages)
    module = ModuleFactory(course=course)
    video = VideoFactory(
        item=ItemFactory(module=module, kind=Item.Kind.VIDEO, title="Wykład"), transcript=""
    )
    with pytest.raises(ValidationError) as error:
        authoring.course_publish(course=course)
    assert "Wykład" in " ".join(error.value.messages)
    Video.objects.filter(pk=video.pk).update(transcript="Pełna transkrypcja.")
    published = authoring.course_publish(course=course)
    assert published.status == Course.Status.PUBLISHED and published.published_at is not None


def test_the_checklist_catches_images_without_alt_text_and_a_cover_without_alt():
    from courses.checklist import course_problems

    course = CourseFactory(
        status=Course.Status.DRAFT, description='<p><img src="https://example.org/a.png"></p>'
    )
    module = ModuleFactory(course=course)
    page = PageFactory(
        item=ItemFactory(module=module, title="Mapa"),
        body='<p><img src="https://example.org/m.png" alt=""></p>',
    )
    messages = [message for message, _url in course_problems(course)]
    assert any("description" in m for m in messages)
    assert any("Mapa" in m for m in messages)
    urls = [url for _message, url in course_problems(course)]
    assert f"/studio/items/{page.item.pk}/" in urls


def test_unpublish_and_archive_change_the_status_only():
    course = CourseFactory()
    assert authoring.course_unpublish(course=course).status == Course.Status.DRAFT
    assert authoring.course_archive(course=course).status == Course.Status.ARCHIVED


def test_duplicate_is_a_deep_draft_copy_without_learners(trainer, staff):
    course = CourseFactory(trainers=[trainer])
    module = ModuleFactory(course=course, title="Moduł A")
    PageFactory(item=ItemFactory(module=module, title="Strona", position=1), body="<p>Oryginał</p>")
    VideoFactory(item=ItemFactory(module=module, kind=Item.Kind.VIDEO, title="Film", position=2))
    ItemFactory(
        module=module, title="Zarchiwizowany", archived_at="2026-01-01T00:00:00Z", position=3
    )
    EnrollmentFactory(course=course)
    copy = authoring.course_duplicate(course=course, by=staff)
    assert copy.pk != course.pk and copy.slug != course.slug and copy.status == Course.Status.DRAFT
    assert set(copy.trainers.all()) == {trainer, staff}
    items = list(Item.objects.filter(course=copy).order_by("position"))
    assert [i.title for i in items] == ["Strona", "Film"]
    assert Page.objects.get(item=items[0]).body == "<p>Oryginał</p>"
    assert Video.objects.filter(item=items[1]).exists()
    assert not Enrollment.objects.filter(course=copy).exists()
    Page.objects.filter(item=items[0]).update(body="<p>Zmiana</p>")
    assert Page.objects.get(item__course=course).body == "<p>Oryginał</p>"


def test_trainers_are_added_by_verified_email_only(trainer):
    course = CourseFactory(trainers=[trainer])
    colleague = UserFactory(email="Kolega@Example.org")
    unverified = UserFactory(email="niepotwierdzony@example.org", verified=False)
    assert services.trainer_add(course=course, email="kolega@example.org ") == colleague
    for email in ("nikt@example.org", unverified.email):
        with pytest.raises(ValidationError) as error:
            services.trainer_add(course=course, email=email)
        assert "verified" in str(error.value)
    assert set(course.trainers.all()) == {trainer, colleague}


def test_the_last_trainer_cannot_be_removed(trainer):
    course = CourseFactory(trainers=[trainer])
    with pytest.raises(ValidationError):
        services.trainer_remove(course=course, user=trainer)
    assert list(course.trainers.all()) == [trainer]


@pytest.mark.parametrize(
    "mode", [Course.EnrolmentMode.OPEN, Course.EnrolmentMode.APPROVAL, Course.EnrolmentMode.CLOSED]
)
def test_enrolling_an_existing_account_by_email_works_in_every_mode(
    trainer, learner, mode, django_capture_on_commit_callbacks
):
    course = CourseFactory(trainers=[trainer], enrolment_mode=mode)
    with django_capture_on_commit_callbacks(execute=True):
        outcome, enrollment = services.learner_enrol(
            course=course, email=learner.email.upper(), by=trainer
        )
    assert outcome == "enrolled" and enrollment.status == Enrollment.Status.ACTIVE
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]


def test_a_full_course_gives_a_clear_message(trainer, learner):
    course = CourseFactory(trainers=[trainer], capacity=1)
    EnrollmentFactory(course=course)
    with pytest.raises(ValidationError) as error:
        services.learner_enrol(course=course, email=learner.email, by=trainer)
    from courses.services import EnrolmentError

    assert str(EnrolmentError("full").message) in error.value.messages


def test_drafts_cannot_enrol_anyone(trainer, learner):
    course = CourseFactory(trainers=[trainer], status=Course.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.learner_enrol(course=course, email=learner.email, by=trainer)


def test_an_unknown_email_is_invited_in_polish_and_english_and_enrolled_after_verifying(
    trainer,
    django_capture_on_commit_callbacks,
    rf,
):
    course = CourseFactory(trainers=[trainer], title="Ochrona czasowa")
    with django_capture_on_commit_callbacks(execute=True):
        outcome, invitation = services.learner_enrol(
            course=course, email="Nowa@Example.org", by=trainer
        )
        services.learner_enrol(course=course, email="nowa@example.org", by=trainer)
    assert outcome == "invited"
    assert StudioInvitation.objects.filter(course=course).count() == 1
    body = mail.outbox[0].body
    assert "Ochrona czasowa" in mail.outbox[0].subject
    assert "Zaproszenie" in mail.outbox[0].subject and "Invitation" in mail.outbox[0].subject
    assert "/accounts/signup/" in body
    newcomer = UserFactory(email="nowa@example.org", verified=False)
    address = EmailAddress.objects.create(
        user=newcomer, email="nowa@example.org", verified=True, primary=True
    )
    email_confirmed.send(sender=EmailAddress, request=rf.get("/"), email_address=address)
    assert Enrollment.objects.get(user=newcomer, course=course).status == Enrollment.Status.ACTIVE
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_request_decisions_go_through_the_courses_service(
    trainer, django_capture_on_commit_callbacks
):
    course = CourseFactory(trainers=[trainer], enrolment_mode=Course.EnrolmentMode.APPROVAL)
    request = EnrollmentFactory(course=course, status=Enrollment.Status.REQUESTED, enrolled_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_request_decide(enrollment=request, by=trainer, approve=True)
    request.refresh_from_db()
    assert request.status == Enrollment.Status.ACTIVE and request.decided_by == trainer
    with pytest.raises(ValidationError):
        services.enrollment_request_decide(enrollment=request, by=trainer, approve=False)
