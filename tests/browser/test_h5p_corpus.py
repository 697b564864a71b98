"""Every real Hub package in the corpus, end to end in Chromium: the trainer uploads it
through the real form, staff approve its libraries, and a learner plays it on the
isolated player origin: it starts without an uncaught error and shows its content;
scoring types are answered until an attempt and its score reach the server;
non-scoring types complete under the mode proposed at import (viewed or interacted).

The expected result of each package is written beside it in ``tests/h5p/corpus.py``.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import ItemProgress
from h5p.models import Activity, ActivityError, Attempt, Library
from h5p.services import library_approve
from tests.factories.courses import CourseFactory, EnrollmentFactory, ModuleFactory
from tests.h5p.corpus import PACKAGES, corpus_path

pytestmark = pytest.mark.django_db(transaction=True)


START_TIMEOUT_MS = 45_000


@pytest.fixture
def hosts(live_server, settings, tmp_path):
    port = live_server.url.rsplit(":", 1)[1]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.H5P_PLAYER_ORIGIN = ""  # derived in development: h5p.academy.localhost:<port>
    settings.H5P_RATE_LIMIT = "1000/60"
    return {
        "academy": f"http://academy.localhost:{port}",
        "player": f"http://h5p.academy.localhost:{port}",
    }


def _sign_in(context, hosts, user):
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": hosts["academy"],
            }
        ]
    )


def _content(page):
    """The content frame: h5p-standalone writes it inside the player page, both on the player origin."""
    return page.frame_locator("#h5p-frame").frame_locator("iframe.h5p-iframe")


def _check(content):
    content.locator(".h5p-question-check-answer").first.click()


def _answer_multichoice(content):
    content.locator(".h5p-answer").first.click()
    _check(content)


def _answer_truefalse(content):
    content.locator(".h5p-true-false-answer").first.click()
    _check(content)


def _answer_blanks(content):
    # Checked automatically once every blank is filled.
    for index, word in enumerate(["blue", "Cloud", "black"]):
        field = content.locator("input.h5p-text-input").nth(index)
        field.fill(word)
        field.press("Tab")


def _answer_markthewords(content):
    content.locator("[role=option]").first.click()
    _check(content)


def _answer_essay(content):
    content.locator("textarea").first.fill(
        "Bilbo Baggins leaves the Shire on an adventure with Gandalf and thirteen dwarves, among them Thorin, "
        "to take back their treasure from the dragon Smaug. Bilbo finds a ring on the way."
    )
    _check(content)


def _answer_summary(content):
    # In each set the true statement has the lowest data-bit (it comes first in the
    # content; the sets are shown shuffled).
    panels = content.locator("ul.h5p-panel")
    for index in range(panels.count()):
        options = content.locator(f"ul.h5p-panel[data-panel='{index}'] li")
        options.first.wait_for()
        bits = [int(options.nth(n).get_attribute("data-bit")) for n in range(options.count())]
        content.locator(f"ul.h5p-panel[data-panel='{index}'] li[data-bit='{min(bits)}']").click()


def _give_an_answer(question):
    """Answer whatever question type ``question`` (a locator) holds, right or wrong."""
    kind = question.get_attribute("class") or ""
    if "h5p-multichoice" in kind:
        question.locator(".h5p-answer").first.click()
    elif "h5p-true-false" in kind:
        question.locator(".h5p-true-false-answer").first.click()
    elif "h5p-blanks" in kind:
        fields = question.locator("input.h5p-text-input")
        for index in range(fields.count()):
            fields.nth(index).fill("answer")
            fields.nth(index).press("Tab")
    elif "h5p-mark-the-words" in kind:
        question.locator("[role=option]").first.click()
    elif "h5p-drag-text" in kind:
        question.locator(".ui-draggable").first.drag_to(question.locator(".ui-droppable").first)
    elif "h5p-dragquestion" in kind and question.locator(".h5p-draggable").count():
        # (an empty drag-and-drop, as this corpus has, counts as answered blank)
        question.locator(".h5p-draggable").first.drag_to(question.locator(".h5p-dropzone").first)


def _answer_questionset(content):
    # Answer and check each question, go on, and finish after the last one. The "next"
    # arrow is an icon-only link that slides in: it is clicked as a script would.
    questions = content.locator(".question-container")
    for index in range(questions.count()):
        question = questions.nth(index)
        expect(question).to_be_visible()
        _give_an_answer(question)
        check = question.locator(".h5p-question-check-answer")
        if check.count() and check.first.is_visible():
            check.first.click()
        if index == questions.count() - 1:
            question.locator(".h5p-question-finish").click()
            return
        question.locator(".h5p-question-next").dispatch_event("click")


def _turn_card(content):
    content.locator(".h5p-dialogcards-turn:visible").first.click()
    content.locator(".h5p-dialogcards-next").click()


def _move_slider(content):
    content.locator(".h5p-agamotto-slider-handle, [role=slider]").first.focus()
    content.locator(".h5p-agamotto-slider-handle, [role=slider]").first.press("ArrowRight")


def _nothing(content):
    pass


ACTIONS = {
    "H5P.MultiChoice.h5p": _answer_multichoice,
    "H5P.QuestionSet.h5p": _answer_questionset,
    "H5P.TrueFalse.h5p": _answer_truefalse,
    "H5P.Blanks.h5p": _answer_blanks,
    "H5P.DragText.h5p": _check,
    "H5P.DragQuestion.h5p": _check,
    "H5P.MarkTheWords.h5p": _answer_markthewords,
    "H5P.Essay.h5p": _answer_essay,
    "H5P.Summary.h5p": _answer_summary,
    "H5P.Dialogcards.h5p": _turn_card,
    "H5P.Agamotto.h5p": _move_slider,
}


def _assert_not_clipped(page, hosts):
    """The frame has grown to the content's height (no inner scroll bar, no clipped score bar)."""
    player = next(frame for frame in page.frames if frame.url.startswith(hosts["player"]))
    frame = page.locator("#h5p-frame")
    for _attempt in range(30):
        needed = player.evaluate("() => document.documentElement.scrollHeight")
        if frame.evaluate("(element) => element.clientHeight") >= needed:
            return
        page.wait_for_timeout(100)  # the next resize message
    raise AssertionError(
        f"the frame is {frame.evaluate('(e) => e.clientHeight')} px high, the content {needed} px"
    )


@pytest.mark.parametrize("package", PACKAGES, ids=[f"{p.file}: {p.expected}" for p in PACKAGES])
def test_a_real_hub_package_imports_plays_and_completes(
    package, browser, hosts, trainer, staff, learner
):
    course = CourseFactory(trainers=[trainer], title="Pakiety z H5P Hub")
    module = ModuleFactory(course=course, title="Moduł")
    context = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    errors = []
    try:
        # The trainer uploads the package through the real form; the mode is proposed.
        _sign_in(context, hosts, trainer)
        page = context.new_page()
        page.goto(hosts["academy"] + reverse("h5p:create", kwargs={"module_id": module.pk}))
        page.set_input_files("input[name=package]", str(corpus_path(package)))
        page.get_by_role("button", name="Prześlij i dodaj").click()
        page.wait_for_url("**/settings/")
        expect(page.locator("h1")).to_be_visible()
        activity = Activity.objects.select_related("main_library").get(item__module=module)
        assert activity.main_library.key == package.main
        assert activity.completion == package.mode
        for library in Library.objects.filter(activities=activity):
            library_approve(library=library, user=staff)

        # The learner plays it on the isolated origin.
        EnrollmentFactory(user=learner, course=course)
        _sign_in(context, hosts, learner)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(
            hosts["academy"]
            + reverse("courses:item", kwargs={"slug": course.slug, "item_id": activity.item_id})
        )
        # Starting a package loads its libraries' files one by one through the player
        # origin; from the loopback S3 server on a busy machine that took 12 s.
        expect(
            page.locator("#h5p-frame[data-ready='true'], #h5p-frame[data-failed='true']")
        ).to_have_count(1, timeout=START_TIMEOUT_MS)
        assert page.locator("#h5p-frame").get_attribute("data-failed") is None, (
            ActivityError.objects.first()
        )
        content = _content(page)
        box = content.locator(".h5p-content").bounding_box()
        assert box and box["height"] > 40 and box["width"] > 200, "the content is visible"
        ACTIONS.get(package.file, _nothing)(content)

        item_progress = ItemProgress.objects.filter(item=activity.item, enrollment__user=learner)
        if package.scores:
            # The status says "complete" or "below the pass mark" once a score is recorded.
            expect(page.locator("#h5p-status")).to_contain_text(
                re.compile("ukończony|poniżej progu")
            )
            attempt = (
                Attempt.objects.filter(activity=activity, user=learner).exclude(verb="").first()
            )
            assert attempt is not None and attempt.max_score, (
                "an attempt with its score reached the server"
            )
            assert item_progress.get().score is not None
        else:
            expect(page.locator("#h5p-status")).to_contain_text("ten krok jest ukończony")
            assert item_progress.get().state == ItemProgress.State.COMPLETED
            # The outline and the progress panel follow without a reload.
            expect(
                page.locator("#course-outline a[aria-current='step']").locator("xpath=..")
            ).to_contain_text("✓")
            expect(page.locator("#player-course-progress")).to_have_attribute("value", "100")
        _assert_not_clipped(page, hosts)
        assert errors == [], errors
        assert not ActivityError.objects.filter(activity=activity).exists()
    finally:
        context.close()
