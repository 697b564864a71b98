"""Acceptance: a Ukrainian learner is told about an approval and a new step by the bell,
moves both to the daily digest, gets the digest in Ukrainian, and unsubscribes in one click."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from courses import notices as course_notices
from courses.authoring import item_create
from courses.models import Course
from courses.services import enrollment_decide, enrollment_request
from notifications import services
from notifications.models import Channel, NotificationPreference
from tests.browser.conftest import assert_accessible
from tests.factories.academy import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)


def test_bell_digest_in_ukrainian_and_one_click_unsubscribe(page, live_server, sign_in, settings):
    settings.ACADEMY_BASE_URL = live_server.url
    trainer = UserFactory(full_name="Tomasz Trener", trainer=True)
    learner = UserFactory(full_name="Олена Коваль", preferred_language="uk")
    course, _ = build_course(
        title="Тимчасовий захист", trainers=[trainer], enrolment_mode=Course.EnrolmentMode.APPROVAL
    )
    enrollment = enrollment_request(user=learner, course=course)
    enrollment_decide(enrollment=enrollment, by=trainer, approve=True)
    item_create(module=course.modules.first(), kind="page", title="Нові правила 2026")

    sign_in(learner)
    page.goto("/dashboard/")
    bell = page.locator("#notification-bell .bell-count")
    bell.wait_for()
    assert bell.inner_text().strip().startswith("3")  # request sent, approved, new step
    _fits(page, 1280)

    page.locator("#notification-bell").click()
    page.wait_for_url("**/notifications/")
    listing = page.locator("#notification-list")
    assert "схвалено" in listing.inner_text()
    assert "Нові правила 2026" in listing.inner_text()
    _fits(page, 360)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Налаштування сповіщень").first.click()
    page.wait_for_url("**/notifications/preferences/")
    for key in (course_notices.ENROLMENT_APPROVED, course_notices.STEP_ADDED):
        page.locator(f'select[name="type__{key}"]').select_option(Channel.DAILY)
    page.locator('select[name="digest_hour"]').select_option("18")
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_url("**/notifications/preferences/")
    _fits(page, 360)
    assert (
        NotificationPreference.objects.get(user=learner, type=course_notices.STEP_ADDED).channel
        == Channel.DAILY
    )

    # The scheduler's hourly job at 18:00 Polish time.
    evening = datetime.now(ZoneInfo("Europe/Warsaw")).replace(hour=18, minute=0) + timedelta(days=1)
    mail.outbox.clear()
    assert services.digests_send(now=evening) == 1
    digest = mail.outbox[-1]
    assert digest.to == [learner.email]
    assert "Дайджест" in digest.subject
    assert "схвалено" in digest.body and "Нові правила 2026" in digest.body
    assert "Тимчасовий захист" in digest.body  # grouped under its course

    unsubscribe = re.search(r"<(.+)>", digest.extra_headers["List-Unsubscribe"]).group(1)
    page.goto(unsubscribe.replace(live_server.url, ""))
    page.wait_for_url("**/notifications/preferences/")
    assert_accessible(page)
    changed = NotificationPreference.objects.filter(user=learner, channel=Channel.OFF)
    assert changed.count() == 1
    off_key = changed.get().type
    assert page.locator(f'select[name="type__{off_key}"]').input_value() == Channel.OFF
