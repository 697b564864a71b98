"""The community in a real browser (Polish UI, also 360 px, and English): a learner asks a
question in the course space (the draft survives a reload); the trainer is notified,
answers, and the learner accepts the answer; a coordinator posts an offer of interpreters,
a member of another organisation finds it by "tłumacz ukraiński" and writes to the
coordinators; a member reports a post and the trainer hides it from the queue. Script
in every field never runs. Every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from community import services
from community.models import ContactMessage, Post, Topic
from notifications.models import Notification
from tests.browser.conftest import assert_accessible
from tests.factories.academy import MembershipFactory, UserFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

XSS = '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>'


@pytest.fixture
def course(trainer, learner):
    course = CourseFactory(
        title="Ochrona czasowa osób z Ukrainy", slug="ochrona-czasowa", trainers=[trainer]
    )
    EnrollmentFactory(user=learner, course=course)
    return course


def _watch_for_script(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def _no_script_ran(page, dialogs):
    assert page.evaluate("() => window.__xss === undefined")
    assert dialogs == []


def _type_in_editor(page, text):
    editor = page.locator(".ProseMirror:visible").first
    editor.click()
    page.keyboard.type(text)


def test_question_answer_offer_contact_report(
    page, context, sign_in, course, learner, trainer, coordinator, outsider
):
    dialogs = _watch_for_script(page)
    # The learner asks in the course space; the draft survives a reload.
    sign_in(learner)
    page.goto(f"/community/course/{course.slug}/")
    page.wait_for_url("**/community/s/**")
    assert_accessible(page)
    page.get_by_role("link", name="Nowy wątek lub pytanie").click()
    page.get_by_label("Rodzaj").select_option("question")
    page.get_by_label("Tytuł").fill("Jak długo obowiązuje ochrona czasowa?")
    _type_in_editor(page, "Do kiedy osoby z Ukrainy mają ochronę czasową?")
    page.wait_for_timeout(600)
    page.reload()
    assert page.get_by_label("Tytuł").input_value() == "Jak długo obowiązuje ochrona czasowa?"
    assert "Do kiedy osoby z Ukrainy" in page.locator(".ProseMirror:visible").first.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Opublikuj").click()
    page.wait_for_url("**/community/t/**")
    assert_accessible(page)
    topic = Topic.objects.get(title="Jak długo obowiązuje ochrona czasowa?")

    # The trainer is told, answers.
    assert Notification.objects.filter(recipient=trainer, type="community.new_topic").exists()
    context.clear_cookies()
    sign_in(trainer)
    page.goto("/notifications/")
    assert "Jak długo obowiązuje ochrona czasowa?" in page.content()
    page.goto(f"/community/t/{topic.pk}/")
    _type_in_editor(page, "Ochrona czasowa obowiązuje do 4 marca 2026 r., sprawdź moduł 2.")
    page.get_by_role("button", name="Opublikuj").click()
    page.wait_for_url(f"**/community/t/{topic.pk}/**")
    assert "do 4 marca 2026" in page.content()

    # The learner accepts the answer.
    context.clear_cookies()
    sign_in(learner)
    page.goto(f"/community/t/{topic.pk}/")
    page.get_by_role("button", name="Zaakceptuj tę odpowiedź").click()
    page.wait_for_load_state()
    assert page.locator(".community-accepted").count() == 1
    assert_accessible(page)

    # A coordinator offers interpreters.
    context.clear_cookies()
    sign_in(coordinator)
    page.goto("/community/partners/offers/new/")
    page.get_by_label("Rodzaj").select_option("offer")
    page.get_by_label("Tytuł").fill("Oferujemy tłumaczy języka ukraińskiego")
    page.get_by_label("Opis").fill("Dyżury tłumaczy języka ukraińskiego w urzędach i szkołach.")
    assert_accessible(page)
    page.get_by_role("button", name="Opublikuj").click()
    page.wait_for_url("**/community/partners/offers/**")

    # A member of another organisation finds it in the header search and writes.
    context.clear_cookies()
    sign_in(outsider)
    page.goto("/community/")
    page.get_by_label("Wyszukiwarka akademii").first.fill("tłumacz ukraiński")
    page.locator("form.header-search button").click()
    page.wait_for_url("**/search/?q=*")
    assert "Jak długo obowiązuje" not in page.content()  # the course space is private
    page.get_by_role("link", name="Oferujemy tłumaczy języka ukraińskiego").click()
    page.wait_for_url("**/community/partners/offers/**")
    assert "coordinator@example.org" not in page.content()
    page.get_by_label("Twoja wiadomość").fill("Potrzebujemy tłumacza w piątek w Lublinie.")
    page.get_by_role("button", name="Wyślij wiadomość").click()
    page.wait_for_load_state()
    assert "Wiadomość wysłano do koordynatorów" in page.content()
    assert_accessible(page)
    assert ContactMessage.objects.filter(sender=outsider).exists()
    assert Notification.objects.filter(recipient=coordinator, type="community.contact").exists()
    context.clear_cookies()
    sign_in(coordinator)
    page.goto("/community/partners/messages/")
    assert "Potrzebujemy tłumacza w piątek" in page.content()
    assert_accessible(page)

    # A member reports a post; the trainer hides it from the queue.
    spammer = UserFactory(full_name="Sławomir Spamer")
    MembershipFactory(user=spammer)
    EnrollmentFactory(user=spammer, course=course)
    services.post_create(topic=topic, author=spammer, body="<p>Tanie kredyty bez BIK!</p>")
    context.clear_cookies()
    sign_in(learner)
    page.goto(f"/community/t/{topic.pk}/")
    page.locator(".community-post", has_text="Tanie kredyty").get_by_role(
        "link", name="Zgłoś"
    ).click()
    assert_accessible(page)
    page.get_by_label("Co jest nie tak z tym wpisem?").fill("Spam reklamowy")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    page.wait_for_url(f"**/community/t/{topic.pk}/**")
    context.clear_cookies()
    sign_in(trainer)
    page.goto(f"/community/s/{topic.space.slug}/moderation/")
    assert "Spam reklamowy" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Ukryj wpis").click()
    page.wait_for_load_state()
    assert Post.objects.get(body__contains="Tanie kredyty").status == Post.Status.HIDDEN
    assert Notification.objects.filter(recipient=learner, type="community.report_hidden").exists()
    context.clear_cookies()
    sign_in(learner)
    page.goto(f"/community/t/{topic.pk}/")
    assert "Tanie kredyty" not in page.content()
    _no_script_ran(page, dialogs)


def test_script_in_every_field_never_runs(
    page, context, sign_in, course, learner, trainer, coordinator, organisation
):
    dialogs = _watch_for_script(page)
    space = services.course_space_ensure(course)
    topic = services.topic_create(
        space=space,
        author=learner,
        kind="question",
        title=XSS,
        body=f'<p>{XSS}</p><a href="javascript:window.__xss=3">x</a>',
    )
    services.post_create(topic=topic, author=trainer, body=f'<p onclick="window.__xss=4">{XSS}</p>')
    offer = services.offer_create(
        organisation=organisation, author=coordinator, kind="offer", title=XSS, body=XSS
    )
    services.profile_update(organisation=organisation, description=XSS, topics=[], is_listed=True)
    services.post_report(post=topic.posts.first(), reporter=trainer, reason=XSS)
    services.contact_send(organisation=organisation, sender=learner, body=XSS, offer=offer)
    sign_in(trainer)
    for url in (
        f"/community/s/{space.slug}/",
        f"/community/t/{topic.pk}/",
        f"/community/s/{space.slug}/moderation/",
        "/community/partners/",
        f"/community/partners/offers/{offer.pk}/",
        f"/community/partners/o/{organisation.pk}/",
    ):
        page.goto(url)
        # The javascript: link lost its address to the sanitiser.
        assert page.locator("a[href^='javascript']").count() == 0
        _no_script_ran(page, dialogs)
    context.clear_cookies()
    sign_in(coordinator)
    page.goto("/community/partners/messages/")
    _no_script_ran(page, dialogs)
    assert_accessible(page)


def test_the_directory_in_english_at_360_px(page, sign_in, coordinator, organisation):
    services.offer_create(
        organisation=organisation,
        author=coordinator,
        kind="need",
        title="Szukamy sal szkoleniowych",
        body="Sale na 30 osób.",
    )
    reader = UserFactory(full_name="Emma Reader", preferred_language="en")
    MembershipFactory(user=reader)
    sign_in(reader)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/community/partners/?voivodeship=mazowieckie")
    expect(page.get_by_role("heading", name="Partnerships directory")).to_be_visible()
    assert "Szukamy sal szkoleniowych" in page.content()
    assert_accessible(page)
    page.goto("/community/")
    expect(page.get_by_role("heading", name="Community of support")).to_be_visible()
    assert_accessible(page)
