import pytest
from django.core import signing
from django.core.cache import cache

from courses import notices as course_notices
from notifications import services
from notifications.models import Channel, Notification, NotificationPreference
from tests.factories.courses import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _notify(user, event="e1", course=None):
    services.notify(
        type_key=course_notices.STEP_ADDED,
        recipient_ids=[user.pk],
        event=event,
        params={"course": "Kurs A", "item": f"Krok {event}", "group_title": "Kurs A"},
        target=course,
        group="course:1",
    )
    services.forget_unread([user.pk])


def _token(user, type_key=course_notices.STEP_ADDED):
    return services.unsubscribe_token(user_id=user.pk, type_key=type_key)


# --- persona matrix: anonymous / other user / right user / another organisation ---

PAGES = [
    "/notifications/",
    "/notifications/bell/",
    "/notifications/preferences/",
    "/notifications/1/open/",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["learner", "coordinator", "outsider"])
def test_each_person_sees_only_their_own_notifications(request, client_for, learner, persona):
    _notify(learner)
    user = request.getfixturevalue(persona)
    page = client_for(user).get("/notifications/").content.decode()
    assert ("Krok e1" in page) is (user == learner)


@pytest.mark.parametrize("persona", ["coordinator", "outsider"])
def test_nobody_else_can_mark_my_notification_read(request, client_for, learner, persona):
    _notify(learner)
    notification = Notification.objects.get()
    response = client_for(request.getfixturevalue(persona)).post(
        f"/notifications/{notification.pk}/read/"
    )
    assert response.status_code == 404  # the same answer as for a notification that does not exist
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_for, learner, outsider):
    course = CourseFactory(slug="kurs-z-linkiem")
    _notify(learner, course=course)
    notification = Notification.objects.get()
    assert client_for(outsider).get(f"/notifications/{notification.pk}/open/").status_code == 404
    response = client_for(learner).get(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/courses/kurs-z-linkiem/learn/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    course.delete()
    assert (
        client_for(learner).get(f"/notifications/{notification.pk}/open/")["Location"]
        == "/notifications/"
    )


def test_anonymous_cannot_mark_read(client, learner):
    _notify(learner)
    notification = Notification.objects.get()
    client.post(f"/notifications/{notification.pk}/read/")
    notification.refresh_from_db()
    assert notification.read_at is None


# --- the centre ---


def test_mark_one_and_mark_all_read_and_the_unread_filter(client_for, learner):
    for event in ("a", "b", "c"):
        _notify(learner, event=event)
    client = client_for(learner)
    first = Notification.objects.get(event="a")
    client.post(f"/notifications/{first.pk}/read/")
    unread_page = client.get("/notifications/?show=unread").content.decode()
    assert "Krok a" not in unread_page and "Krok b" in unread_page
    client.post("/notifications/read-all/")
    assert not Notification.objects.unread().exists()


def test_mark_read_by_htmx_returns_the_list_and_tells_the_bell(client_for, learner):
    _notify(learner)
    notification = Notification.objects.get()
    response = client_for(learner).post(
        f"/notifications/{notification.pk}/read/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    body = response.content.decode()
    assert 'id="notification-list"' in body and "<html" not in body


def test_the_type_filter_ignores_unknown_types(client_for, learner):
    _notify(learner)
    assert "Krok e1" in client_for(learner).get("/notifications/?type=bogus").content.decode()
    assert (
        "Krok e1"
        not in client_for(learner)
        .get(f"/notifications/?type={course_notices.ENROLMENT_APPROVED}")
        .content.decode()
    )


def test_a_notification_whose_course_was_deleted_shows_without_a_link(client_for, learner):
    course = CourseFactory(slug="usuniety-kurs")
    _notify(learner, course=course)
    course.delete()
    page = client_for(learner).get("/notifications/").content.decode()
    assert "Krok e1" in page and "/open/" not in page


@pytest.mark.parametrize("count", [1, 5])
def test_the_centre_costs_the_same_queries_for_1_or_5_notifications(
    client_for, learner, count, django_assert_num_queries
):
    course = CourseFactory()
    for n in range(count):
        _notify(learner, event=f"n{n}", course=course)
    client = client_for(learner)
    client.get("/notifications/")  # warm the session
    # session, user, count for the pager, the page of notifications, their targets (courses)
    with django_assert_num_queries(5):
        client.get("/notifications/")


# --- the bell ---


def test_the_bell_costs_a_page_no_query_and_loads_its_count_once(
    client_for, learner, django_assert_num_queries
):
    _notify(learner)
    client = client_for(learner)
    page = client.get("/profile/").content.decode()
    assert 'hx-trigger="load, notifications-changed from:body, every 120s"' in page
    with django_assert_num_queries(3):  # session, user, one COUNT
        bell = client.get("/notifications/bell/").content.decode()
    assert ">1<" in bell
    page = client.get("/profile/").content.decode()
    assert "load," not in page.split('id="notification-bell"')[1].split(">")[0]
    assert 'class="bell-count"' in page
    with django_assert_num_queries(2):  # cached now: only session and user
        client.get("/notifications/bell/")


def test_a_new_notification_changes_the_cached_bell(
    client_for, learner, django_capture_on_commit_callbacks
):
    client = client_for(learner)
    assert "bell-count" not in client.get("/notifications/bell/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            type_key=course_notices.STEP_ADDED,
            recipient_ids=[learner.pk],
            event="x",
            params={"course": "K", "item": "I"},
        )
    assert "bell-count" in client.get("/notifications/bell/").content.decode()


# --- preferences and unsubscribe ---


def test_preferences_save_a_channel_per_type_and_the_digest_hour(client_for, learner):
    client = client_for(learner)
    assert client.get("/notifications/preferences/").status_code == 200
    data = {"digest_hour": "18", f"type__{course_notices.STEP_ADDED}": Channel.DAILY}
    response = client.post("/notifications/preferences/", data)
    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(user=learner, type=course_notices.STEP_ADDED).channel
        == Channel.DAILY
    )
    assert learner.notification_settings.digest_hour == 18


def test_bad_preferences_are_refused_and_change_nothing(client_for, learner):
    response = client_for(learner).post(
        "/notifications/preferences/",
        {"digest_hour": "25", f"type__{course_notices.STEP_ADDED}": "sms"},
    )
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


def test_one_click_unsubscribe_lands_on_the_preferences_with_the_type_off(client_for, learner):
    response = client_for(learner).get(
        f"/notifications/unsubscribe/{_token(learner)}/", follow=True
    )
    assert response.redirect_chain[-1][0] == "/notifications/preferences/"
    select = (
        response.content.decode()
        .split(f'name="type__{course_notices.STEP_ADDED}"')[1]
        .split("</select>")[0]
    )
    assert 'value="off" selected' in select
    assert NotificationPreference.objects.get(user=learner).channel == Channel.OFF


def test_unsubscribe_works_signed_out_and_by_rfc_8058_post(client, learner):
    response = client.get(f"/notifications/unsubscribe/{_token(learner)}/")
    assert response.status_code == 200
    NotificationPreference.objects.all().delete()
    response = client.post(
        f"/notifications/unsubscribe/{_token(learner)}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=learner).channel == Channel.OFF


def test_a_tampered_token_gets_a_clear_page_and_changes_nothing(client, learner):
    token = _token(learner)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(f"/notifications/unsubscribe/{tampered}/")
    assert response.status_code == 400
    assert (
        "Nothing was changed" in response.content.decode()
        or "Niczego nie zmieniono" in response.content.decode()
    )
    assert not NotificationPreference.objects.exists()


def test_an_expired_token_gets_a_clear_page_and_changes_nothing(client, learner, settings):
    settings.NOTIFICATIONS_UNSUBSCRIBE_DAYS = -1
    response = client.post(f"/notifications/unsubscribe/{_token(learner)}/")
    assert response.status_code == 400
    assert "wygasł" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_token_for_another_salt_or_type_is_refused(client, learner):
    foreign = signing.dumps(
        {"u": learner.pk, "t": course_notices.STEP_ADDED}, salt="something.else"
    )
    assert client.get(f"/notifications/unsubscribe/{foreign}/").status_code == 400
    unknown = services.unsubscribe_token(user_id=learner.pk, type_key="no.such.type")
    assert client.get(f"/notifications/unsubscribe/{unknown}/").status_code == 400
    assert not NotificationPreference.objects.exists()


def test_preferences_offer_trainer_and_coordinator_types_only_to_them(
    client_for, learner, trainer, coordinator
):
    key = f"type__{course_notices.ENROLMENT_REQUEST_WAITING}"
    assert key not in client_for(learner).get("/notifications/preferences/").content.decode()
    assert key in client_for(trainer).get("/notifications/preferences/").content.decode()
    assert (
        "type__academy.member_waiting"
        in client_for(coordinator).get("/notifications/preferences/").content.decode()
    )
