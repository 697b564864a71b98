"""The trainer studio in Chromium: a course built from scratch in the Polish UI, the
outline editor by mouse and keyboard, hostile text that must never run in the player,
and a short English check. axe runs on every studio page visited."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import Course, Enrollment, Item, Link, Page, Video
from tests.browser.conftest import assert_accessible
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory, ItemFactory, ModuleFactory, PageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Ustawa o pomocy obywatelom Ukrainy")
    pdf.save()
    return buffer.getvalue()


def _paste_html(page, html: str) -> None:
    """Paste rich text into the prose editor, as a trainer pasting from a document."""
    editor = page.locator(".ProseMirror:visible").first
    editor.click()
    editor.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', html.replace(/<[^>]+>/g, ' '));
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        html,
    )


def _add_step(page, module_title: str, kind: str, title: str) -> None:
    module = page.locator(
        ".studio-module", has=page.get_by_role("heading", name=re.compile(module_title))
    )
    module.locator("select[name=kind]").select_option(kind)
    module.locator(".studio-add input[name=title]").fill(title)
    module.get_by_role("button", name="Dodaj krok").click()


def test_a_trainer_builds_publishes_and_a_learner_takes_a_course(
    page, context, sign_in, trainer, learner
):
    sign_in(trainer)
    page.goto("/studio/")
    expect(page.get_by_role("heading", name="Studio", exact=True)).to_be_visible()
    assert_accessible(page)

    # A new draft course.
    page.get_by_label("Tytuł").fill("Integracja w gminie")
    page.get_by_role("button", name="Utwórz wersję roboczą").click()
    expect(page.get_by_text("Kurs został utworzony jako wersja robocza")).to_be_visible()
    course = Course.objects.get(title="Integracja w gminie")
    assert course.status == Course.Status.DRAFT
    assert_accessible(page)

    # A module, added inline (htmx).
    page.get_by_label("Tytuł nowego modułu").fill("Podstawy integracji")
    page.get_by_role("button", name="Dodaj moduł").click()
    expect(page.get_by_role("heading", name="1. Podstawy integracji")).to_be_visible()
    assert_accessible(page)

    # A page with an image and its alt text.
    _add_step(page, "Podstawy integracji", "page", "Czym jest integracja")
    expect(page.get_by_role("heading", name="Strona: Czym jest integracja")).to_be_visible()
    assert_accessible(page)
    _paste_html(
        page,
        "<h2>Wprowadzenie</h2><p>Integracja to proces dwustronny.</p>"
        '<img src="/static/img/favicon.svg" alt="Logo Akademii Migracyjnej">',
    )
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.get_by_text("Zapisano „Czym jest integracja”.")).to_be_visible()
    body = Page.objects.get(item__course=course).body
    assert 'alt="Logo Akademii Migracyjnej"' in body and "<h2>Wprowadzenie</h2>" in body

    # A video embed without captions or transcript: a visible warning.
    page.get_by_role("link", name="Powrót do planu kursu").click()
    _add_step(page, "Podstawy integracji", "video", "Wykład wprowadzający")
    page.locator("[name=detail-embed_url]").fill(
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    )
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.get_by_text("To nagranie nie ma napisów ani transkrypcji")).to_be_visible()
    assert_accessible(page)

    # A document.
    page.get_by_role("link", name="Powrót do planu kursu").click()
    _add_step(page, "Podstawy integracji", "document", "Ustawa")
    page.locator("[name=detail-file]").set_input_files(
        files=[{"name": "ustawa.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
    )
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.get_by_text("Zapisano „Ustawa”.")).to_be_visible()
    assert_accessible(page)

    # A quiz with three questions, in the quiz editor the registry links to.
    page.get_by_role("link", name="Powrót do planu kursu").click()
    _add_step(page, "Podstawy integracji", "quiz", "Sprawdź się")
    page.wait_for_url(re.compile(r"/new/\d+/\?title="))
    # The title typed in the outline is already there (issue 13, item 8).
    assert page.locator("[name=title]").input_value() == "Sprawdź się"
    page.locator("form.manage [type=submit]").click()
    page.wait_for_url(re.compile(r"/item/\d+/edit/$"))
    quiz_item = Item.objects.get(course=course, kind="quiz")
    questions = [
        ("Kto koordynuje politykę integracyjną w gminie?", "Urząd gminy", "Nikt"),
        ("Czy integracja jest procesem dwustronnym?", "Tak", "Nie"),
        ("Gdzie osoba z Ukrainy składa wniosek o PESEL UKR?", "W urzędzie gminy", "W ambasadzie"),
    ]
    for text, right, wrong in questions:
        page.goto(reverse("assessments:question_new", args=[quiz_item.pk]) + "?type=single")
        page.locator("[name=text]").fill(text)
        page.locator("[name=choice-0-text]").fill(right)
        page.locator("[name=choice-0-is_correct]").check()
        page.locator("[name=choice-1-text]").fill(wrong)
        page.locator("form:has([name=choice-0-text]) button[type=submit]").click()
        page.wait_for_url(re.compile(r"/item/\d+/edit/$"))

    # Certificates are not part of this course.
    page.goto(f"/studio/courses/{course.slug}/details/")
    assert_accessible(page)
    page.locator("[name=certificate_enabled]").uncheck()
    page.get_by_role("button", name="Zapisz szczegóły").click()
    expect(page.get_by_text("Szczegóły kursu zostały zapisane.")).to_be_visible()

    # The checklist blocks publishing until the video gets a transcript.
    page.get_by_role("link", name="Publikacja").click()
    expect(page.locator(".studio-problems")).to_contain_text("Wykład wprowadzający")
    publish = page.locator("form[action$='/publish/'] button")
    expect(publish).to_be_disabled()
    assert_accessible(page)
    page.locator(".studio-problems a").first.click()
    page.locator("[name=detail-transcript]").fill("Transkrypcja: integracja to proces dwustronny.")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.get_by_text("To nagranie nie ma napisów ani transkrypcji")).to_have_count(0)
    page.get_by_role("link", name="Publikacja").click()
    expect(page.get_by_text("Wszystko gotowe: kurs można opublikować.")).to_be_visible()
    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator(".messages").get_by_text("Kurs jest opublikowany")).to_be_visible()
    # The checklist now says the course is published, not that it is ready to publish (item 9).
    expect(page.locator("#main").get_by_text("Kurs jest opublikowany: uczestnicy")).to_be_visible()
    expect(page.get_by_text("Wszystko gotowe")).to_have_count(0)
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED

    # The trainers' and learners' pages.
    page.get_by_role("link", name="Trenerzy").click()
    assert_accessible(page)
    page.get_by_role("link", name="Uczestnicy").click()
    assert_accessible(page)

    # A learner takes the course.
    context.clear_cookies()
    sign_in(learner)
    page.goto(f"/courses/{course.slug}/")
    page.locator(f"form[action='/courses/{course.slug}/enrol/'] button").click()
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.status == Enrollment.Status.ACTIVE
    page.goto(f"/courses/{course.slug}/learn/")
    expect(page.get_by_role("heading", name="Wprowadzenie")).to_be_visible()
    expect(page.get_by_role("img", name="Logo Akademii Migracyjnej")).to_be_visible()
    page.locator("form[action*='/complete/'] button").first.click()
    expect(page.locator("progress").first).to_have_attribute("value", re.compile(r"[1-9]"))
    enrollment.refresh_from_db()
    assert enrollment.required_completed == 1 and enrollment.required_total == 4
    for title in ("Wykład wprowadzający", "Ustawa"):
        page.goto(
            f"/courses/{course.slug}/items/{Item.objects.get(course=course, title=title).pk}/"
        )
        page.locator("form[action*='/complete/'] button").first.click()
        expect(page.locator("form[action*='/complete/']")).to_have_count(0)

    # The quiz: the right answer to each of the three questions.
    page.goto(f"/courses/{course.slug}/items/{quiz_item.pk}/")
    page.locator("form[action*='/start/'] button").click()
    for number in range(1, 4):
        jump = page.locator(f"form.quiz-form ul button[name=goto][value='{number}']")
        if number > 1 and jump.count():
            jump.click()
        for _text, right, _wrong in questions:
            option = page.get_by_label(right, exact=True)
            if option.count() and option.is_visible():
                option.check()
    page.locator("button[name=goto][value=finish]").click()
    page.locator("form[action*='/submit/'] button").click()
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None and enrollment.percent == 100

    # The trainer sees it, item by item.
    context.clear_cookies()
    sign_in(trainer)
    page.goto(f"/studio/courses/{course.slug}/learners/{enrollment.pk}/")
    expect(page.get_by_role("row", name=re.compile("Czym jest integracja"))).to_contain_text(
        "Ukończon"
    )
    expect(page.get_by_role("row", name=re.compile("Sprawdź się"))).to_contain_text("100%")
    assert_accessible(page)


def _outline_course(trainer):
    course = CourseFactory(
        trainers=[trainer], slug="plan", title="Plan kursu", certificate_enabled=False
    )
    first = ModuleFactory(course=course, position=1, title="Pierwszy")
    second = ModuleFactory(course=course, position=2, title="Drugi")
    for position, title in enumerate(["Alfa", "Beta", "Gamma"], start=1):
        PageFactory(item=ItemFactory(module=first, position=position, title=title))
    PageFactory(item=ItemFactory(module=second, position=1, title="Delta"))
    return course, first, second


def _titles(module):
    return list(
        Item.objects.filter(module=module, archived_at__isnull=True)
        .order_by("position")
        .values_list("title", flat=True)
    )


DOWN_ALFA = re.compile(r"^W dół\s*:\s*Alfa$")


def test_the_outline_reorders_by_keyboard_and_by_drag_and_drop(page, sign_in, trainer):
    course, first, second = _outline_course(trainer)
    sign_in(trainer)
    page.goto(f"/studio/courses/{course.slug}/")
    assert_accessible(page)

    # Keyboard: focus "Down" on Alfa and press Enter; focus stays on the moved step's button.
    page.get_by_role("button", name=DOWN_ALFA).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".studio-module").first.locator(".studio-item").nth(1)).to_contain_text(
        "Alfa"
    )
    assert _titles(first) == ["Beta", "Alfa", "Gamma"]
    expect(page.get_by_role("button", name=DOWN_ALFA)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".studio-module").first.locator(".studio-item").nth(2)).to_contain_text(
        "Alfa"
    )
    assert _titles(first) == ["Beta", "Gamma", "Alfa"]
    assert_accessible(page)

    # Drag and drop within a module, then into another module (both on screen).
    page.set_viewport_size({"width": 1280, "height": 1600})

    def drag(title, onto):
        with page.expect_response(lambda response: "/items/order/" in response.url) as response:
            page.locator(f"#item-{Item.objects.get(title=title).pk}").drag_to(
                page.locator(f"#item-{Item.objects.get(title=onto).pk}"),
                target_position={"x": 20, "y": 3},
            )
        assert response.value.status == 200

    drag("Alfa", onto="Beta")
    expect(page.locator(".studio-status")).to_contain_text("Zapisano kolejność")
    assert _titles(first) == ["Alfa", "Beta", "Gamma"]
    drag("Gamma", onto="Delta")
    expect(page.locator(".studio-module").nth(1).locator(".studio-item").first).to_contain_text(
        "Gamma"
    )
    assert _titles(first) == ["Alfa", "Beta"] and _titles(second) == ["Gamma", "Delta"]
    positions = list(
        Item.objects.filter(course=course)
        .order_by("module", "position")
        .values_list("position", flat=True)
    )
    assert positions == [1, 2, 1, 2]

    # Rename and delete inline.
    beta_pk = Item.objects.get(title="Beta").pk
    page.get_by_text("Więcej: Beta").click()  # the rarer actions sit in one menu per step
    page.get_by_text("Zmień nazwę: Beta").click()
    page.locator(f"#item-title-{beta_pk}").fill("Beta prim")
    page.locator(f"#item-{beta_pk} details.studio-details[open] button").click()
    expect(page.locator(".studio-outline")).to_contain_text("Beta prim")
    expect(page.locator(f"#item-{beta_pk}")).to_be_focused()
    beta = Item.objects.get(title="Beta prim")
    page.get_by_text("Więcej: Beta prim").click()
    page.get_by_text("Usuń: Beta prim").click()
    page.locator(f"#item-{beta.pk} details.studio-details[open] button").click()
    expect(page.locator(f"#item-{beta.pk}")).to_have_count(0)
    expect(page.locator(".studio-status")).to_contain_text("Usunięto „Beta prim”.")
    # Focus moves to the module the step was in, not to the top of the page.
    expect(page.locator(f"#module-{first.pk}")).to_be_focused()
    assert not Item.objects.filter(pk=beta.pk).exists()
    assert_accessible(page)


XSS = ['<script>alert("t")</script>', '<img src=x onerror=alert("i")>', '"><svg onload=alert("s")>']


def test_hostile_text_never_runs_in_the_studio_or_the_learner_s_player(
    page, context, sign_in, trainer, learner
):
    payload = " ".join(XSS)
    course = CourseFactory(
        trainers=[trainer],
        slug="xss",
        title=payload,
        summary=payload,
        description=f"<p>{payload}</p>",
        certificate_enabled=False,
    )
    module = ModuleFactory(course=course, title=payload)
    page_item = ItemFactory(module=module, title=payload, position=1)
    link_item = ItemFactory(module=module, kind=Item.Kind.LINK, title=payload, position=2)
    video_item = ItemFactory(module=module, kind=Item.Kind.VIDEO, title=payload, position=3)
    Link.objects.create(item=link_item, url="https://example.org/", description=payload)
    Video.objects.create(
        item=video_item,
        embed_url="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        transcript=payload,
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The trainer writes hostile HTML through the page editor; it is sanitised on save.
    sign_in(trainer)
    page.goto(f"/studio/items/{page_item.pk}/")
    page.locator("[name=detail-body]").evaluate(
        "(el, html) => { el.value = html; }",
        # The image has alt text, so the page is saved: only sanitising stands between it and the learner.
        "<p>Tekst</p>"
        + payload.replace("<img ", '<img alt="Mapa" ')
        + "<a href=\"javascript:alert('l')\">link</a>",
    )
    # The editor keeps its own copy of the text; submit the raw form as a hostile client would.
    with page.expect_navigation():
        page.locator("form.manage").evaluate("form => HTMLFormElement.prototype.submit.call(form)")
    body = Page.objects.get(item=page_item).body
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    for url in [
        f"/studio/courses/{course.slug}/",
        f"/studio/courses/{course.slug}/details/",
        f"/studio/courses/{course.slug}/checklist/",
        "/studio/",
        f"/studio/items/{link_item.pk}/",
        f"/studio/items/{video_item.pk}/",
        f"/courses/{course.slug}/preview/",
    ]:
        page.goto(url)
        page.wait_for_timeout(200)

    # A learner goes through every step of the player.
    Enrollment.objects.create(user=learner, course=course, status=Enrollment.Status.ACTIVE)
    context.clear_cookies()
    sign_in(learner)
    for item in (page_item, link_item, video_item):
        page.goto(f"/courses/{course.slug}/items/{item.pk}/")
        page.wait_for_timeout(200)
        for link in page.locator("main a[href^='javascript']").all():
            raise AssertionError(f"javascript: link rendered: {link}")
    assert dialogs == []


def test_the_studio_in_english(page, sign_in):
    trainer = UserFactory(
        email="en-trainer@example.org",
        full_name="Emma English",
        trainer=True,
        preferred_language="en",
    )
    course = CourseFactory(
        trainers=[trainer], title="Working with interpreters", status=Course.Status.DRAFT
    )
    sign_in(trainer)
    page.goto("/studio/")
    expect(page.get_by_role("heading", name="My courses")).to_be_visible()
    expect(page.get_by_role("link", name="Working with interpreters")).to_be_visible()
    page.get_by_role("link", name="Working with interpreters").click()
    expect(page.get_by_text("This course has no modules yet.")).to_be_visible()
    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.get_by_text("Add at least one module with a required step.")).to_be_visible()
    assert_accessible(page)
    page.goto("/studio/new/")
    expect(page.get_by_role("heading", name="New course")).to_be_visible()
    assert_accessible(page)
    assert course.pk


def test_the_editor_toolbar_and_the_bell_show_no_missing_glyph(page, sign_in, trainer):
    # Both showed an empty box: the editor's dropdown marker (U+23F7) and the bell emoji
    # are missing from common fonts. Now a marker every font has, and a drawn icon.
    course = CourseFactory(trainers=[trainer], slug="glify", title="Glify")
    item = ItemFactory(module=ModuleFactory(course=course, title="M"), title="Strona", position=1)
    sign_in(trainer)
    page.goto(f"/studio/items/{item.pk}/")
    marker = page.locator(".prose-menubar__selected").first
    marker.wait_for()
    assert marker.evaluate("(el) => getComputedStyle(el, '::after').content") == '"▾"'
    bell = page.locator("#notification-bell")
    assert bell.locator("svg").count() == 1
    shown = bell.evaluate("(el) => el.innerText") + marker.evaluate("(el) => el.innerText")
    assert not [ch for ch in shown if ord(ch) > 0x2300 and ch != "▾"], shown
    assert_accessible(page)
