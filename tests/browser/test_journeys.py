"""The four journeys of issue 13 (learner, trainer, coordinator, staff) in Polish,
Ukrainian and English: every page axe-clean at 1280 px and 360 px and without sideways
scrolling (assert_accessible checks 360×740 too), each numbered rough edge proved."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from academy.models import Membership
from assessments.models import Quiz
from courses.models import Course, Enrollment
from tests.browser.conftest import assert_accessible, resize
from tests.factories.academy import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.assessments import add_question
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import (
    CourseFactory,
    ItemFactory,
    ModuleFactory,
    PageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "pl": {
        "topic": "Integracja lokalna",
        "search": "tlumacz",
        "complete": "Kurs ukończony",
        "next_said": "Następny krok",
        "added": "nowe kroki dodano po ukończeniu",
        "admin": "Akademia Migracyjna: administracja",
        "cert_missing": "podaj co najmniej jedną osobę podpisującą",
    },
    "uk": {
        "topic": "Місцева інтеграція",
        "search": "tlumacz urzedzie",
        "complete": "Курс завершено",
        "next_said": "Наступний крок",
        "added": "нові кроки додано після завершення",
        "admin": "Міграційна академія: адміністрування",
        "cert_missing": "вкажіть щонайменше одну особу, що підписує",
    },
    "en": {
        "topic": "Local integration",
        "search": "Tłumacze",
        "complete": "You have completed the course",
        "next_said": "Next step",
        "added": "new steps were added after completion",
        "admin": "Migration Academy: administration",
        "cert_missing": "give at least one signatory",
    },
}


def check(page):
    """axe and overflow at 1280 px (and overflow at 360 px), then axe again at 360 px."""
    assert_accessible(page)
    resize(page, {"width": 360, "height": 740})
    try:
        assert_accessible(page)
    finally:
        resize(page, {"width": 1280, "height": 900})


def academy():
    organisation = OrganisationFactory(name="Urząd Miasta Testowo")
    trainer = UserFactory(full_name="dr Katarzyna Wiśniewska", trainer=True, job_title="Trenerka")
    MembershipFactory(user=trainer, organisation=organisation)
    topic = TopicFactory(
        name="Integracja lokalna", name_en="Local integration", name_uk="Місцева інтеграція"
    )
    course = CourseFactory(
        title="Tłumacze w urzędzie",
        summary="Praca z uchodźcami z Ukrainy",
        is_sequential=True,
        trainers=[trainer],
        published_at=timezone.now(),
    )
    course.topics.add(topic)
    CertificateTemplateFactory(course=course)
    first = ModuleFactory(course=course, title="Podstawy", position=0)
    second = ModuleFactory(course=course, title="Sprawdzian", position=1)
    pages = [
        ItemFactory(module=first, title=title, position=n)
        for n, title in enumerate(["Wstęp", "Rozmowa"])
    ]
    for item in pages:
        PageFactory(item=item, body=f"<p>Treść: {item.title}.</p>")
    quiz_item = ItemFactory(module=second, kind="quiz", title="Test końcowy", position=0)
    quiz = Quiz.objects.create(item=quiz_item, pass_mark=50, shuffle_choices=False)
    add_question(
        quiz,
        owner=trainer,
        text="Kto pomaga w rozmowie?",
        choices=[("Tłumacz", True), ("Nikt", False)],
    )
    draft = CourseFactory(title="Nowy kurs", status=Course.Status.DRAFT, trainers=[trainer])
    ModuleFactory(course=draft, title="Moduł pierwszy", position=0)
    return organisation, trainer, course, pages, quiz_item, draft


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_four_journeys(page, live_server, sign_in, context, language):
    text = TEXT[language]
    organisation, trainer, course, pages, quiz_item, draft = academy()
    for user in (trainer,):
        user.preferred_language = language
        user.save()

    # --- Learner ---
    learner = UserFactory(full_name="Anna Kowalczyk", preferred_language=language)
    MembershipFactory(user=learner, organisation=organisation)
    sign_in(learner)
    page.goto(f"/courses/?q={text['search']}")  # item 6: word by word, without diacritics
    expect(
        page.locator("#catalog-results").get_by_role("link", name="Tłumacze w urzędzie")
    ).to_be_visible()
    expect(page.locator("#catalog-results").get_by_text(text["topic"])).to_be_visible()  # item 7
    check(page)
    page.goto(course.get_absolute_url())
    expect(page.locator(".outline-legend")).to_be_visible()  # item 5
    page.locator("form[action$='/enrol/'] button").click()
    page.wait_for_url("**/items/*/")
    check(page)
    main = page.locator("main")
    assert main.locator("h1, h2, h3").first.evaluate("node => node.tagName") == "H1"  # item 19
    # Item 4: the locked step links the step to finish first and the course.
    response = page.goto(f"/courses/{course.slug}/items/{quiz_item.pk}/")
    assert response.status == 403
    expect(page.locator(f"main a[href$='/items/{pages[0].pk}/']")).to_be_visible()
    expect(page.locator(f"main a[href='{course.get_absolute_url()}']")).to_be_visible()
    check(page)
    # Item 1: "complete and continue" with JavaScript goes on and says so.
    page.goto(f"/courses/{course.slug}/items/{pages[0].pk}/")
    page.locator("button[name=then][value=next]").click()
    page.wait_for_url(f"**/items/{pages[1].pk}/")
    # Said to screen readers: the message is focused on arrival.
    expect(page.locator(".messages")).to_be_focused()
    expect(page.locator(".messages")).to_contain_text(text["next_said"])
    page.locator("button[name=then][value=next]").click()
    page.wait_for_url(f"**/items/{quiz_item.pk}/")
    page.locator("form[action$='/start/'] button").click()
    page.wait_for_url(re.compile(r"/attempt/\d+/"))
    expect(page.locator(".quiz-question-number")).to_contain_text("1")  # item 5: question x of n
    expect(page.locator(f".quiz-back a[href$='/items/{quiz_item.pk}/']")).to_be_visible()
    check(page)
    page.get_by_label("Tłumacz", exact=True).check()
    page.locator("button[name=goto][value=finish]").click()
    page.wait_for_url("**/submit/")
    page.locator("main form[action$='/submit/'] button").click()
    page.wait_for_url("**/review/")
    # Item 2: the result says the course is complete and offers the certificate.
    panel = page.locator(".course-complete")
    expect(panel).to_contain_text(text["complete"])
    expect(panel.locator("a[href$='/certificate.pdf']")).to_be_visible()
    expect(panel.locator("a[href*='/certificates/verify/']")).to_be_visible()
    check(page)

    # --- Trainer ---
    context.clear_cookies()
    sign_in(trainer)
    page.goto(f"/studio/courses/{draft.slug}/")
    expect(page.locator(".account-menu summary")).to_have_text("Katarzyna")  # item 11
    check(page)
    module = page.locator(".studio-module").first
    module.locator("select[name=kind]").select_option("quiz")
    module.locator(".studio-add input[name=title]").fill("Sprawdź się")
    module.locator(".studio-add button[type=submit]").click()
    page.wait_for_url(re.compile(r"/new/\d+/\?title="))
    assert page.locator("[name=title]").input_value() == "Sprawdź się"  # item 8
    expect(page.locator(f"a[href$='/studio/courses/{draft.slug}/']").first).to_be_visible()
    check(page)
    page.goto(f"/studio/courses/{draft.slug}/checklist/")
    expect(page.locator(".studio-problems")).to_contain_text(text["cert_missing"])  # item 9
    check(page)

    # --- Coordinator ---
    context.clear_cookies()
    coordinator = UserFactory(full_name="Marek Zieliński", preferred_language=language)
    MembershipFactory(user=coordinator, organisation=organisation, role=Membership.Role.COORDINATOR)
    enrollment = Enrollment.objects.get(user=learner, course=course)
    Enrollment.objects.filter(pk=enrollment.pk).update(
        required_total=5, percent=60
    )  # steps added later
    sign_in(coordinator)
    page.goto("/organisation/progress/")
    expect(page.locator("main")).to_contain_text(text["added"])  # item 12
    check(page)
    page.goto("/organisation/members/")  # item 3: the members table scrolls in its own box
    check(page)

    # --- Staff ---
    context.clear_cookies()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    staff = UserFactory(
        full_name="Ewa Administratorka",
        is_staff=True,
        is_superuser=True,
        preferred_language=language,
    )
    TOTP.activate(staff, generate_totp_secret())
    sign_in(staff)
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_contain_text(text["admin"])  # item 13
    expect(page.locator(".academy-overview td")).to_have_count(3)
    check(page)


def test_the_suites_html_check_catches_invalid_markup(page, live_server):
    from tests.browser.conftest import assert_valid_html

    broken = (
        "<!DOCTYPE html><html lang='pl'><head><title>x</title></head><body><p>a</div></body></html>"
    )
    page.route(
        "**/broken/", lambda route: route.fulfill(status=200, content_type="text/html", body=broken)
    )
    page.goto(f"{live_server.url}/broken/")
    with pytest.raises(AssertionError, match="invalid HTML"):
        assert_valid_html(page)
    bare = "<!DOCTYPE html><html lang='pl'><head><title>x</title></head><body><a hx-get='/'>a</a></body></html>"
    page.route(
        "**/bare/", lambda route: route.fulfill(status=200, content_type="text/html", body=bare)
    )
    page.goto(f"{live_server.url}/bare/")
    with pytest.raises(AssertionError, match="data-hx-get"):
        assert_valid_html(page)


def test_short_pages_keep_the_footer_at_the_bottom_and_button_labels_centred(page, live_server):
    page.goto(f"{live_server.url}/accessibility/")
    page.set_viewport_size({"width": 1280, "height": 2000})  # taller than the page's content
    footer = page.locator(".site-footer").bounding_box()
    assert abs(footer["y"] + footer["height"] - 2000) <= 1  # no grey band under the footer
    page.set_viewport_size({"width": 1280, "height": 900})
    button = page.locator(".button-small").first
    box = button.bounding_box()
    text = button.evaluate("""node => { const range = document.createRange(); range.selectNodeContents(node);
                                         const r = range.getBoundingClientRect(); return {y: r.y, height: r.height}; }""")
    # The label's middle sits at the button's middle (within a pixel).
    assert abs((text["y"] + text["height"] / 2) - (box["y"] + box["height"] / 2)) <= 1
