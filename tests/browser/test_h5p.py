"""H5P end to end: our own content type in the isolated player on a sibling host name.

The academy runs on http://academy.localhost:<port> and the player on
http://h5p.academy.localhost:<port> (Chromium resolves *.localhost to the loopback), so
the isolation tested here is the real one, not assumed.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import Enrollment, Item, ItemProgress
from h5p.models import Attempt, Result, SavedState
from h5p.sample import sample_package
from tests.browser.conftest import assert_accessible
from tests.factories.courses import CourseFactory, EnrollmentFactory, ItemFactory, ModuleFactory
from tests.factories.h5p import h5p_activity

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = [
    {
        "id": "q1",
        "text": "Kto może otrzymać ochronę czasową?",
        "options": ["Każdy cudzoziemiec", "Osoby uciekające przed wojną w Ukrainie"],
        "correct": 1,
    },
    {
        "id": "q2",
        "text": "Kto powinien tłumaczyć rozmowę z klientem?",
        "options": ["Wykwalifikowany tłumacz", "Dziecko klienta"],
        "correct": 0,
    },
]


@pytest.fixture
def hosts(live_server, settings, tmp_path):
    port = live_server.url.rsplit(":", 1)[1]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.H5P_PLAYER_ORIGIN = ""  # derived in development: h5p.academy.localhost:<port>
    return {
        "academy": f"http://academy.localhost:{port}",
        "player": f"http://h5p.academy.localhost:{port}",
    }


@pytest.fixture
def scenario(hosts, trainer, learner):
    course = CourseFactory(trainers=[trainer], title="Ochrona czasowa w gminie")
    module = ModuleFactory(course=course, title="Podstawy")
    ItemFactory(module=module, kind=Item.Kind.PAGE, title="Wprowadzenie", position=0)
    activity = h5p_activity(
        module=module,
        user=trainer,
        completion="passed",
        pass_percent=100,
        package=sample_package(
            title="Sprawdź się", questions=QUESTIONS, check_label="Sprawdź", language="pl"
        ),
    )
    enrollment = EnrollmentFactory(user=learner, course=course)
    return {"course": course, "activity": activity, "enrollment": enrollment}


@pytest.fixture
def signed_in(context, hosts):
    def sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        # Host-only, as the academy's own cookie is: never sent to the player host.
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": hosts["academy"],
                }
            ]
        )

    return sign_in


def _item_url(hosts, scenario):
    activity = scenario["activity"]
    return hosts["academy"] + reverse(
        "courses:item", kwargs={"slug": scenario["course"].slug, "item_id": activity.item_id}
    )


def _player(page):
    """The content: h5p-standalone renders it in an about:blank iframe inside our player
    page, so both run on the player origin."""
    page.wait_for_selector("#h5p-frame[data-ready='true']")
    return page.frame_locator("#h5p-frame").frame_locator("iframe.h5p-iframe")


def _content_frames(page, hosts):
    """The player page and the content frame inside it: where package code runs."""
    player = next(f for f in page.frames if f.url.startswith(hosts["player"]))
    return [player, *player.child_frames]


def test_a_learner_answers_and_the_result_reaches_progress(
    page, signed_in, hosts, scenario, learner
):
    signed_in(learner)
    page.goto(_item_url(hosts, scenario))
    assert_accessible(page)
    frame = _player(page)
    # The academy's demo content looks like H5P's own questions, not browser defaults:
    # bordered option rows and H5P's rounded blue "Check" button.
    option = frame.locator("label", has_text="Wykwalifikowany tłumacz")
    assert option.evaluate("(el) => getComputedStyle(el).borderTopStyle") == "solid"
    check = frame.get_by_role("button", name="Sprawdź")
    assert check.evaluate("(el) => getComputedStyle(el).backgroundColor") == "rgb(26, 115, 217)"
    frame.get_by_label("Osoby uciekające przed wojną w Ukrainie").check()
    frame.get_by_label("Wykwalifikowany tłumacz").check()
    frame.get_by_role("button", name="Sprawdź").click()
    page.wait_for_selector("#h5p-frame[data-recorded='2']")  # answered, then completed
    status = page.locator("#h5p-status")
    assert "ten krok jest ukończony" in status.inner_text()

    attempt = Attempt.objects.get()
    assert (attempt.user, attempt.number, attempt.percent, attempt.verb) == (
        learner,
        1,
        100,
        "answered+completed",
    )
    assert Result.objects.filter(attempt=attempt).count() == 2
    progress = ItemProgress.objects.get(item=scenario["activity"].item)
    assert progress.state == ItemProgress.State.COMPLETED
    assert Enrollment.objects.get(pk=scenario["enrollment"].pk).percent == 50, (
        "1 of 2 required steps"
    )

    # The state travelled too, and comes back on return.
    page.wait_for_selector("#h5p-frame[data-state-saved]")
    assert '"q1":1' in SavedState.objects.get(user=learner).data.replace(" ", "")
    page.reload()
    frame = _player(page)
    assert frame.get_by_label("Osoby uciekające przed wojną w Ukrainie").is_checked()
    assert frame.get_by_label("Wykwalifikowany tłumacz").is_checked()
    assert page.locator("#player-course-progress").get_attribute("value") == "50"
    assert_accessible(page)


def test_an_h5p_result_that_finishes_the_course_says_so_without_a_reload(
    page, signed_in, hosts, scenario, learner
):
    from courses.progress import progress_record

    introduction = Item.objects.get(course=scenario["course"], title="Wprowadzenie")
    progress_record(enrollment=scenario["enrollment"], item=introduction, completed=True)
    signed_in(learner)
    page.goto(_item_url(hosts, scenario))
    expect(page.locator("#progress-panel")).not_to_contain_text("Kurs ukończony")
    frame = _player(page)
    frame.get_by_label("Osoby uciekające przed wojną w Ukrainie").check()
    frame.get_by_label("Wykwalifikowany tłumacz").check()
    frame.get_by_role("button", name="Sprawdź").click()
    page.wait_for_selector("#h5p-frame[data-recorded='2']")
    # The relay re-reads the progress panel: the course-complete panel and what to do
    # next appear in place, as they do after a quiz.
    panel = page.locator("#progress-panel")
    expect(panel).to_contain_text("Kurs ukończony")
    expect(panel.get_by_role("link", name="Przejdź do mojej nauki")).to_be_visible()
    assert Enrollment.objects.get(pk=scenario["enrollment"].pk).completed_at is not None
    assert_accessible(page)


def test_a_wrong_answer_is_recorded_but_does_not_complete(
    page, signed_in, hosts, scenario, learner
):
    signed_in(learner)
    page.goto(_item_url(hosts, scenario))
    frame = _player(page)
    frame.get_by_label("Każdy cudzoziemiec").check()
    frame.get_by_role("button", name="Sprawdź").click()
    page.wait_for_selector("#h5p-frame[data-recorded='2']")  # answered, then completed
    assert "poniżej progu" in page.locator("#h5p-status").inner_text()
    assert Attempt.objects.get().percent == 0
    assert (
        ItemProgress.objects.get(item=scenario["activity"].item).state
        != ItemProgress.State.COMPLETED
    )


def test_package_code_cannot_read_the_academy_page_or_the_session(
    page, signed_in, hosts, scenario, learner
):
    signed_in(learner)
    page.goto(_item_url(hosts, scenario))
    _player(page)
    frames = _content_frames(page, hosts)
    assert len(frames) == 2
    for frame in frames:
        assert frame.evaluate("() => document.cookie") == ""
        assert (
            frame.evaluate(
                "() => { try { return window.top.document.title; } catch (error) { return 'blocked: ' + error.name; } }"
            )
            == "blocked: SecurityError"
        )
        assert (
            frame.evaluate(
                "() => { try { return window.top.localStorage.length; }"
                " catch (error) { return 'blocked: ' + error.name; } }"
            )
            == "blocked: SecurityError"
        )
    frame = frames[-1]
    # A credentialed request to the academy from package code cannot read the answer.
    outcome = frame.evaluate(
        """async (url) => {
            try { const r = await fetch(url, {credentials: 'include'}); return 'read: ' + (await r.text()).length; }
            catch (error) { return 'blocked'; }
        }""",
        hosts["academy"] + reverse("dashboard"),
    )
    assert outcome == "blocked"
    # Nor can it post a result as the learner: the academy wants the session and CSRF.
    status = frame.evaluate(
        """async (url) => {
            try { const r = await fetch(url, {method: 'POST', credentials: 'include', mode: 'no-cors',
                                                body: '{}'}); return r.type; }
            catch (error) { return 'blocked'; }
        }""",
        hosts["academy"]
        + reverse("h5p:statement", kwargs={"item_id": scenario["activity"].item_id}),
    )
    assert status in {"opaque", "blocked"}
    assert Attempt.objects.count() == 0
    # The page itself sees the player only as a cross-origin frame.
    assert page.evaluate(
        "() => { try { return document.getElementById('h5p-frame').contentDocument === null; }"
        " catch (error) { return true; } }"
    )


def test_forged_messages_from_other_windows_are_ignored(page, signed_in, hosts, scenario, learner):
    signed_in(learner)
    page.goto(_item_url(hosts, scenario))
    _player(page)
    page.evaluate("""() => window.postMessage({type: 'h5p:xapi', statement: {
        verb: {id: 'http://adlnet.gov/expapi/verbs/completed'},
        result: {score: {raw: 10, max: 10}, completion: true, success: true}}}, '*')""")
    page.wait_for_timeout(500)
    assert Attempt.objects.count() == 0


def test_the_player_speaks_english_for_an_english_learner(
    page, signed_in, hosts, scenario, learner
):
    learner.preferred_language = "en"
    learner.save(update_fields=["preferred_language"])
    signed_in(learner)
    page.goto(_item_url(hosts, scenario))
    title = page.locator("#h5p-frame").get_attribute("title")
    assert re.match(r"^Interactive activity: ", title)
    frame = _player(page)
    frame.get_by_label("Każdy cudzoziemiec").check()
    frame.get_by_role("button", name="Sprawdź").click()
    page.wait_for_selector("#h5p-frame[data-recorded='2']")  # answered, then completed
    assert "below the pass mark" in page.locator("#h5p-status").inner_text()
    assert_accessible(page)


def test_trainer_and_staff_pages_are_accessible(
    page, signed_in, hosts, scenario, trainer, staff, learner
):
    from h5p.services import statement_record
    from tests.h5p.statements import finished, statement

    for data in [statement("answered", raw=1, max=1, child="q1", response="1"), *finished(1, 2)]:
        statement_record(
            activity=scenario["activity"], enrollment=scenario["enrollment"], statement=data
        )
    item_id = scenario["activity"].item_id
    signed_in(trainer)
    for name, kwargs in [
        ("h5p:create", {"module_id": scenario["activity"].item.module_id}),
        ("h5p:edit", {"item_id": item_id}),
        ("h5p:results", {"item_id": item_id}),
    ]:
        page.goto(hosts["academy"] + reverse(name, kwargs=kwargs))
        assert page.locator("h1").is_visible()
        assert_accessible(page)
    page.get_by_text("Podejście 1").click()
    assert page.get_by_text("Question q1").is_visible()
    # The trainer's preview plays the content without recording anything.
    page.goto(
        hosts["academy"]
        + reverse(
            "courses:item_preview", kwargs={"slug": scenario["course"].slug, "item_id": item_id}
        )
    )
    _player(page).get_by_role("button", name="Sprawdź").click()
    # A locator assertion, not wait_for_function: the page's CSP forbids the eval it needs.
    expect(page.locator("#h5p-status")).to_contain_text("nie jest zapisywana")
    assert Attempt.objects.count() == 1
    signed_in(staff)
    page.goto(hosts["academy"] + reverse("h5p:libraries"))
    assert page.locator("code", has_text="H5P.AcademyCheck").is_visible()
    assert_accessible(page)


def _package_with_script(change) -> bytes:
    """Our content type with its script changed by ``change`` (a hostile or broken library)."""
    from h5p.sample import build_package, sample_files

    files = sample_files(
        title="Sprawdź się", questions=QUESTIONS, check_label="Sprawdź", language="pl"
    )
    name = "H5P.AcademyCheck-1.1/academy-check.js"
    files[name] = change(files[name].decode()).encode()
    return build_package(files)


HOSTILE_PROBES = """
  AcademyCheck.prototype.attach = (function (attach) {
    return function ($container) {
      var probes = {};
      // eval is allowed on the player origin; what it runs is as confined as any script.
      probes.evalWorks = eval("6 * 7");
      try { probes.parentDocument = eval("window.top.document.title"); }
      catch (error) { probes.parentDocument = "blocked: " + error.name; }
      try { probes.parentCookie = window.top.document.cookie; }
      catch (error) { probes.parentCookie = "blocked: " + error.name; }
      probes.ownCookie = document.cookie;
      var forged = { type: "h5p:xapi", statement: { verb: { id: "http://adlnet.gov/expapi/verbs/completed" },
        result: { score: { raw: 10, max: 10 }, completion: true, success: true } } };
      window.top.postMessage(forged, "*");  // from the wrong window: the relay ignores it
      window.top.postMessage(forged, "http://evil.localhost");  // never delivered
      window.hostileProbes = probes;
      return attach.call(this, $container);
    };
  })(AcademyCheck.prototype.attach);
  return AcademyCheck;
"""


def test_a_hostile_library_cannot_reach_the_academy(page, signed_in, hosts, learner, trainer):
    course = CourseFactory(trainers=[trainer], title="Izolacja")
    module = ModuleFactory(course=course)
    activity = h5p_activity(
        module=module,
        user=trainer,
        completion="passed",
        pass_percent=100,
        package=_package_with_script(
            lambda js: js.replace("  return AcademyCheck;\n", HOSTILE_PROBES, 1)
        ),
    )
    other = h5p_activity(module=module, user=trainer, completion="completed")
    EnrollmentFactory(user=learner, course=course)
    signed_in(learner)
    page.goto(
        hosts["academy"]
        + reverse("courses:item", kwargs={"slug": course.slug, "item_id": activity.item_id})
    )
    _player(page)
    content = _content_frames(page, hosts)[-1]
    probes = content.evaluate("() => window.hostileProbes")
    assert probes == {
        "evalWorks": 42,
        "parentDocument": "blocked: SecurityError",
        "parentCookie": "blocked: SecurityError",
        "ownCookie": "",
    }
    # A credentialed post to another item's statements, as the learner: no session use, no CSRF token.
    outcome = content.evaluate(
        """async (url) => {
            try { const r = await fetch(url, {method: 'POST', credentials: 'include', mode: 'no-cors',
                  body: JSON.stringify({verb: {id: 'http://adlnet.gov/expapi/verbs/completed'}})}); return r.type; }
            catch (error) { return 'blocked'; }
        }""",
        hosts["academy"] + reverse("h5p:statement", kwargs={"item_id": other.item_id}),
    )
    assert outcome in {"opaque", "blocked"}
    page.locator("#h5p-status").wait_for(state="attached")
    assert Attempt.objects.count() == 0
    assert not ItemProgress.objects.filter(state=ItemProgress.State.COMPLETED).exists()


def test_content_that_throws_at_start_shows_a_message_and_tells_the_trainer(
    page, signed_in, hosts, learner, trainer
):
    from h5p.models import ActivityError

    course = CourseFactory(trainers=[trainer], title="Awaria")
    module = ModuleFactory(course=course)
    broken = _package_with_script(
        lambda js: js.replace(
            "    EventDispatcher.call(this);\n",
            "    EventDispatcher.call(this);\n    throw new Error('Broken on purpose');\n",
            1,
        )
    )
    activity = h5p_activity(module=module, user=trainer, package=broken)
    EnrollmentFactory(user=learner, course=course)
    signed_in(learner)
    page.goto(
        hosts["academy"]
        + reverse("courses:item", kwargs={"slug": course.slug, "item_id": activity.item_id})
    )
    expect(page.locator("#h5p-crash")).to_contain_text("Nie udało się uruchomić tego ćwiczenia")
    expect(page.locator("#h5p-frame")).to_be_hidden()
    page.wait_for_selector("#h5p-frame[data-error-recorded='true']", state="attached")
    assert_accessible(page)
    error = ActivityError.objects.get()
    assert (error.activity, error.user, error.phase, error.library) == (
        activity,
        learner,
        "start",
        "H5P.AcademyCheck-1.1",
    )
    assert "Broken on purpose" in error.message
    # Content that never ran leaves the step as it was: not "in progress" forever.
    assert not ItemProgress.objects.filter(item=activity.item).exists()
    signed_in(trainer)
    page.goto(hosts["academy"] + reverse("h5p:edit", kwargs={"item_id": activity.item_id}))
    expect(page.locator(".h5p-errors")).to_contain_text("Broken on purpose")
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, (
        "no sideways scrolling at 360 px"
    )
    assert_accessible(page)


def test_keyboard_focus_goes_into_the_content_and_out_again(
    page, signed_in, hosts, scenario, learner
):
    signed_in(learner)
    page.goto(_item_url(hosts, scenario))
    _player(page)
    where = """() => {
        const frame = document.getElementById('h5p-frame');
        const active = document.activeElement;
        if (active === frame) { return 'frame'; }
        return frame.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before';
    }"""
    content = _content_frames(page, hosts)[-1]
    seen, focused_inside = [], set()
    for _press in range(60):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(where))
        if seen[-1] == "frame":
            focused_inside.add(content.evaluate("() => document.activeElement.tagName"))
        if seen[-1] == "after":
            break
    assert {"INPUT", "BUTTON"} <= focused_inside, "Tab reaches the content's answers and its button"
    assert seen[-1] == "after", "and then leaves it for the rest of the page (no trap)"
