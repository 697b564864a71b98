from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from background.models import EmailDelivery
from courses import notices as course_notices
from courses.authoring import item_create
from courses.models import Enrollment
from courses.services import enrollment_decide, enrollment_request
from notifications import services
from notifications.models import Channel, Notification, NotificationPreference
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory, build_course

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def course(trainer):
    course, _ = build_course(
        title="Polityka integracyjna gminy", trainers=[trainer], enrolment_mode="approval"
    )
    return course


def _notify(users, event="e1", type_key=course_notices.STEP_ADDED, course=None, **params):
    return services.notify(
        type_key=type_key,
        recipient_ids=[u.pk for u in users],
        event=event,
        params={"course": "Kurs A", "item": "Krok 3", "group_title": "Kurs A", **params},
        target=course,
        group="course:1",
    )


def test_notifying_twice_about_one_event_creates_one_notification(learner):
    _notify([learner])
    _notify([learner])
    assert Notification.objects.filter(recipient=learner).count() == 1


def test_a_type_turned_off_creates_nothing(learner):
    services.preference_set(user=learner, type_key=course_notices.STEP_ADDED, channel=Channel.OFF)
    assert _notify([learner]) == 0
    assert not Notification.objects.exists()


def test_an_unknown_type_is_refused(learner):
    with pytest.raises(KeyError):
        services.notify(type_key="nope", recipient_ids=[learner.pk], event="x")


def test_the_message_is_rendered_in_the_readers_language(learner):
    _notify([learner])
    notification = Notification.objects.get()
    from django.utils import translation

    with translation.override("uk"):
        ukrainian = services.render_message(notification)
    with translation.override("pl"):
        polish = services.render_message(notification)
    assert "Krok 3" in ukrainian and "Kurs A" in ukrainian
    assert ukrainian != polish


def test_a_notification_whose_target_was_deleted_renders_without_a_link(learner):
    course = CourseFactory()
    _notify([learner], course=course)
    notification = Notification.objects.get()
    assert services.link_for(notification) == f"/courses/{course.slug}/learn/"
    course.delete()
    notification = Notification.objects.get()
    assert services.link_for(notification) is None
    assert "Krok 3" in services.render_message(notification)


@pytest.mark.parametrize("batches", [1, 3])
def test_fan_out_costs_the_same_queries_per_batch(
    monkeypatch, batches, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BATCH", 4)
    users = [UserFactory() for _ in range(4 * batches)]
    for user in users[::2]:
        services.preference_set(
            user=user, type_key=course_notices.STEP_ADDED, channel=Channel.EMAIL
        )
    with CaptureQueriesContext(connection) as queries:
        created = _notify(users)
    assert created == 4 * batches
    # Per batch: the preferences, those already told, the insert, the ids of those wanted
    # by email.
    assert len(queries) == 4 * batches


def test_enrolment_request_decision_and_a_new_step_notify_the_right_people(
    course, learner, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_request(user=learner, course=course)
    assert Notification.objects.filter(
        recipient=trainer, type=course_notices.ENROLMENT_REQUEST_WAITING
    ).exists()
    assert Notification.objects.filter(
        recipient=learner, type=course_notices.ENROLMENT_REQUESTED
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_decide(enrollment=enrollment, by=trainer, approve=True)
    approved = Notification.objects.get(recipient=learner, type=course_notices.ENROLMENT_APPROVED)
    assert services.link_for(approved) == f"/courses/{course.slug}/learn/"
    outsider_enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        item_create(module=course.modules.first(), kind="page", title="Nowe przepisy 2026")
    step = Notification.objects.get(recipient=learner, type=course_notices.STEP_ADDED)
    assert "Nowe przepisy 2026" in services.render_message(step)
    assert not Notification.objects.filter(
        recipient=outsider_enrollment.user, type=course_notices.STEP_ADDED
    ).exists()


def test_email_channel_sends_one_email_in_the_recipients_language_with_unsubscribe(
    learner, django_capture_on_commit_callbacks
):
    learner.preferred_language = "uk"
    learner.save()
    services.preference_set(user=learner, type_key=course_notices.STEP_ADDED, channel=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([learner])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Krok 3" in message.subject
    assert any("\u0400" <= ch <= "\u04ff" for ch in message.body), message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert Notification.objects.get().emailed_at is not None


def test_a_type_switched_to_a_digest_before_its_email_went_out_waits_for_the_digest(learner):
    services.preference_set(user=learner, type_key=course_notices.STEP_ADDED, channel=Channel.EMAIL)
    _notify([learner])  # the email task has not run yet
    services.preference_set(user=learner, type_key=course_notices.STEP_ADDED, channel=Channel.DAILY)
    assert (
        services.notifications_email(ids=list(Notification.objects.values_list("pk", flat=True)))
        == 0
    )
    assert not EmailDelivery.objects.exists()


def _digest_at(hour, day=4):
    return datetime(2026, 12, day, hour, 0, tzinfo=WARSAW)


def test_the_daily_digest_groups_by_course_in_the_users_language_at_their_hour_and_never_repeats(
    learner, django_capture_on_commit_callbacks
):
    learner.preferred_language = "uk"
    learner.save()
    for key in (course_notices.STEP_ADDED, course_notices.ENROLMENT_APPROVED):
        services.preference_set(user=learner, type_key=key, channel=Channel.DAILY)
    services.digest_hour_set(user=learner, hour=18)
    now = _digest_at(18)
    Notification.objects.all().delete()
    _notify([learner], event="a", params_course="x")
    services.notify(
        type_key=course_notices.ENROLMENT_APPROVED,
        recipient_ids=[learner.pk],
        event="b",
        params={"course": "Kurs B", "group_title": "Kurs B"},
        group="course:2",
    )
    Notification.objects.update(created_at=now - timedelta(hours=3))
    assert services.digests_send(now=_digest_at(7)) == 0  # not their hour
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(now=now) == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "Kurs A" in digest.body and "Kurs B" in digest.body and "Krok 3" in digest.body
    assert any("\u0400" <= ch <= "\u04ff" for ch in digest.subject)
    html = digest.alternatives[0][0]
    assert "<h2" in html and "Kurs B" in html
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(now=now + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_the_weekly_digest_goes_out_on_mondays_only(learner):
    services.preference_set(
        user=learner, type_key=course_notices.STEP_ADDED, channel=Channel.WEEKLY
    )
    _notify([learner])
    Notification.objects.update(created_at=_digest_at(1))
    assert services.digests_send(now=_digest_at(7, day=4)) == 0  # Friday
    assert services.digests_send(now=_digest_at(7, day=7)) == 1  # Monday


def test_a_user_without_an_email_address_gets_no_digest(learner):
    services.preference_set(user=learner, type_key=course_notices.STEP_ADDED, channel=Channel.DAILY)
    _notify([learner])
    type(learner).objects.filter(pk=learner.pk).update(email="")
    Notification.objects.update(created_at=_digest_at(1))
    assert services.digests_send(now=_digest_at(7)) == 0
    assert not EmailDelivery.objects.exists()


def test_preference_values_are_validated(learner):
    with pytest.raises(ValueError):
        services.preference_set(user=learner, type_key=course_notices.STEP_ADDED, channel="sms")
    with pytest.raises(ValueError):
        services.digest_hour_set(user=learner, hour=24)
    assert not NotificationPreference.objects.exists()


def test_inactive_learners_are_reminded_once_per_stretch_of_inactivity(learner):
    from django.utils import timezone

    course = CourseFactory(title="Azyl w praktyce")
    now = timezone.now()
    stale = EnrollmentFactory(
        user=learner, course=course, last_activity_at=now - timedelta(days=20)
    )
    EnrollmentFactory(course=course, last_activity_at=now - timedelta(days=2))  # active recently
    EnrollmentFactory(
        course=course, last_activity_at=now - timedelta(days=30), completed_at=now
    )  # finished
    assert course_notices.inactive_learners_remind(days=14, now=now) == 1
    assert course_notices.inactive_learners_remind(days=14, now=now + timedelta(days=1)) == 0
    notification = Notification.objects.get(type=course_notices.LEARNER_INACTIVE)
    assert notification.recipient == learner and "14" in services.render_message(notification)
    stale.last_activity_at = now
    stale.save()
    # A new stretch: the learner is reminded again (and so is the other one, idle 17 days by then).
    assert course_notices.inactive_learners_remind(days=14, now=now + timedelta(days=15)) == 2
    assert (
        Notification.objects.filter(recipient=learner, type=course_notices.LEARNER_INACTIVE).count()
        == 2
    )


def test_a_course_can_set_its_own_inactivity_days_or_turn_the_reminders_off(learner):
    from django.utils import timezone

    now = timezone.now()
    quick = CourseFactory(title="Szybki kurs", inactive_reminder_days=3)
    silent = CourseFactory(title="Kurs bez przypomnień", inactive_reminder_days=0)
    default = CourseFactory(title="Kurs domyślny")
    for course in (quick, silent, default):
        EnrollmentFactory(user=learner, course=course, last_activity_at=now - timedelta(days=5))
    # Idle five days: only the course that asks after three reminds; the default waits
    # for 14 days and the silent course never does.
    assert course_notices.inactive_learners_remind(days=14, now=now) == 1
    notification = Notification.objects.get(type=course_notices.LEARNER_INACTIVE)
    assert notification.target == quick and "3" in services.render_message(notification)
    assert course_notices.inactive_learners_remind(days=14, now=now + timedelta(days=30)) == 1
    reminded = {n.target for n in Notification.objects.filter(type=course_notices.LEARNER_INACTIVE)}
    assert reminded == {quick, default}
