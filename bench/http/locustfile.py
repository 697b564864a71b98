"""Locust users for the HTTP benchmark and the soak (driven by bench/http/run_load.py;
also usable with ``locust -f`` and BENCH_TARGETS / BENCH_SCENARIO in the environment).

The load tool never touches the database: bench/prepare.py writes the sessions, ids
and quiz answers it needs to a JSON file. Cookies are sent by hand because production
settings mark them Secure and the benchmark talks plain HTTP to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
from itertools import cycle
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, constant, task
from locust.exception import StopUser

TARGETS: dict = {}
LOG: list[dict] = []  # the soak's client-side log of acknowledged writes
SERVER_ERRORS = {"count": 0}

ATTEMPT_RE = re.compile(r"/quizzes/attempt/(\d+)/")
PDF_RE = re.compile(r'href="(/certificates/\d+/certificate\.pdf)"')
SESSION_RE = re.compile(r"sessionid=([^;]+)")
POST_RE = re.compile(r"#post-(\d+)$")


def load_targets(path: str | None = None) -> dict:
    path = path or os.environ.get("BENCH_TARGETS", "")
    if path and not TARGETS:
        with open(path, encoding="utf-8") as handle:
            TARGETS.update(json.load(handle))
    return TARGETS


class BenchUser(FastHttpUser):
    """A signed-in learner with a prepared session; one scenario per class."""

    abstract = True
    wait_time = constant(0)
    _slots = None

    def on_start(self):
        targets = load_targets()
        if BenchUser._slots is None:
            BenchUser._slots = cycle(range(len(targets["learners"])))
        self.me = targets["learners"][next(BenchUser._slots)]
        self.csrf = secrets.token_hex(16)
        self.cookie = f"sessionid={self.me['session']}; csrftoken={self.csrf}"
        self.items = [i for i in self.me["items"] if i["kind"] != "quiz"]
        self.quizzes = [i for i in self.me["items"] if i["kind"] == "quiz"]
        self.next_item = 0
        self.next_quiz = random.randrange(len(self.quizzes)) if self.quizzes else 0

    def headers(self, **extra) -> dict:
        return {"Cookie": self.cookie, **extra}

    def post_headers(self, **extra) -> dict:
        return self.headers(**{"X-CSRFToken": self.csrf, "Referer": self.host + "/", **extra})

    def get(self, url: str, name: str, expect=(200,)):
        with self.client.get(
            url, headers=self.headers(), name=name, catch_response=True, allow_redirects=False
        ) as response:
            check(response, expect)
            return response

    def post(self, url: str, name: str, data: dict | None = None, expect=(200, 302), **headers):
        body = urlencode(data or {}, doseq=True)
        headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
        with self.client.post(
            url,
            data=body,
            headers=self.post_headers(**headers),
            name=name,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            check(response, expect)
            return response


def check(response, expect) -> None:
    code = response.status_code or 0
    if code >= 500:
        SERVER_ERRORS["count"] += 1
    if code not in expect:
        response.failure(f"HTTP {code}")


class Limit(BenchUser):
    @task
    def limit(self):
        self.get("/bench/limit/", "limit")


class Reference(BenchUser):
    @task
    def reference(self):
        self.get("/bench/reference/", "reference")


class Catalog(BenchUser):
    @task
    def catalog(self):
        self.get("/courses/" + random.choice(TARGETS["catalog_queries"]), "catalog")


class Search(BenchUser):
    @task
    def search(self):
        self.get("/search/" + random.choice(TARGETS["search_queries"]), "search")


class Knowledge(BenchUser):
    @task
    def knowledge(self):
        self.get(random.choice(TARGETS["knowledge_urls"]), "knowledge base")


class ForumTopic(BenchUser):
    @task
    def forum_topic(self):
        self.get(random.choice(TARGETS["forum_topic_urls"]), "forum topic")


class ForumList(BenchUser):
    @task
    def forum_list(self):
        self.get(random.choice(TARGETS["forum_list_urls"]), "topic list")


class Directory(BenchUser):
    @task
    def directory(self):
        self.get(random.choice(TARGETS["directory_urls"]), "partnerships directory")


class CalendarFeed(BenchUser):
    @task
    def calendar_feed(self):
        self.get(TARGETS["calendar_feed_url"], "calendar feed")


class Booking(BenchUser):
    """Every user books the sessions in the same order: at each step sixteen people race
    for ten seats (six are waitlisted). A user who has booked them all books nothing more."""

    booked_upto: dict[str, int] = {}  # per learner, across phases and rounds

    @task
    def book(self):
        sessions = TARGETS["booking_session_ids"]
        step = Booking.booked_upto.get(self.me["email"], 0)
        if step >= len(sessions):
            gevent.sleep(1)
            return
        Booking.booked_upto[self.me["email"]] = step + 1
        session = sessions[step]
        self.post(
            f"/workshops/sessions/{session}/book/",
            "workshop booking",
            data={"seat": "online"},
            expect=(302,),
        )


class SignedInAs(BenchUser):
    """A page of another role: the prepared session of TARGETS[role]."""

    abstract = True
    role = ""

    def on_start(self):
        super().on_start()
        self.cookie = f"sessionid={TARGETS[self.role]['session']}; csrftoken={self.csrf}"


class AssignmentView(SignedInAs):
    role = "coordinator"

    @task
    def people(self):
        self.get(random.choice(TARGETS["coordinator"]["urls"]), "coordinator assignments")


class ProgrammeReport(SignedInAs):
    role = "funder"

    @task
    def report(self):
        self.get(random.choice(TARGETS["funder"]["urls"]), "programme report")


class CoursePage(BenchUser):
    @task
    def course_page(self):
        self.get(f"/courses/{random.choice(TARGETS['courses'])}/", "course page")


class Player(BenchUser):
    @task
    def player(self):
        item = random.choice(self.items)
        self.get(f"/courses/{item['slug']}/items/{item['id']}/", "player item")


class MarkComplete(BenchUser):
    @task
    def mark_complete(self):
        # Items in course order, each completed once (first-time work) until they run out.
        item = self.items[self.next_item % len(self.items)]
        self.next_item += 1
        self.post(
            f"/courses/{item['slug']}/items/{item['id']}/complete/",
            "mark complete",
            expect=(200,),
            **{"HX-Request": "true"},
        )


class QuizSubmit(BenchUser):
    @task
    def quiz_submit(self):
        quiz = self.quizzes[self.next_quiz % len(self.quizzes)]
        self.next_quiz += 1
        attempt = start_attempt(self, quiz["id"])
        if attempt is None:
            return
        answer_attempt(self, attempt, quiz["id"], correct=random.random() < 0.7)
        self.post(f"/quizzes/attempt/{attempt}/submit/", "quiz submit", expect=(302,))


class Dashboard(BenchUser):
    @task
    def dashboard(self):
        self.get("/dashboard/", "dashboard")


class TrainerReport(SignedInAs):
    role = "trainer"

    @task
    def report(self):
        self.get(random.choice(TARGETS["trainer"]["report_urls"]), "trainer course report")


class Verify(BenchUser):
    @task
    def verify(self):
        self.get(
            f"/certificates/verify/{random.choice(TARGETS['verify_codes'])}/",
            "certificate verification",
        )


SCENARIOS = {
    "limit": Limit,
    "reference": Reference,
    "catalog": Catalog,
    "course_page": CoursePage,
    "player": Player,
    "mark_complete": MarkComplete,
    "quiz_submit": QuizSubmit,
    "dashboard": Dashboard,
    "trainer_report": TrainerReport,
    "verify": Verify,
    "search": Search,
    "knowledge": Knowledge,
    "forum_topic": ForumTopic,
    "forum_list": ForumList,
    "calendar_feed": CalendarFeed,
    "directory": Directory,
    "booking": Booking,
    "assignments": AssignmentView,
    "programme_report": ProgrammeReport,
}


def start_attempt(user, item_id: int) -> int | None:
    response = user.post(f"/quizzes/item/{item_id}/start/", "quiz start", expect=(302,))
    found = ATTEMPT_RE.search((response.headers or {}).get("Location", "") or "")
    return int(found.group(1)) if found else None


def answer_attempt(user, attempt: int, item_id: int, *, correct: bool) -> None:
    answers = TARGETS["answers"].get(str(item_id), {})
    data = {"shown": list(answers), "goto": "finish"}
    if correct:  # otherwise every question is left blank, which fails the quiz
        for question, choice in answers.items():
            data[f"q-{question}"] = str(choice)
    user.post(f"/quizzes/attempt/{attempt}/save/", "quiz save", data=data, expect=(302,))


class SoakLearner(FastHttpUser):
    """The whole journey: sign in, enrol, complete every step, pass the quiz (sometimes
    after failing once), download the certificate; then the next course."""

    wait_time = between(0.2, 1.0)
    # 200 users on two workers queue for seconds; a slow answer is measured, not dropped.
    network_timeout = connection_timeout = 120.0
    _emails = None

    def on_start(self):
        targets = load_targets()
        if SoakLearner._emails is None:
            SoakLearner._emails = iter(targets["learners"])
        # Locust replaces a user that stops; once all 200 learners have started, a
        # replacement has nobody to play and stays idle (see journey).
        self.email = next(SoakLearner._emails, None)
        self.todo = []
        self.booked = False
        if self.email is None:
            return
        self.csrf = secrets.token_hex(16)
        self.session = ""
        self.todo = list(targets["courses"])
        random.shuffle(self.todo)
        self.downloaded = set()
        self.login()

    @property
    def cookie(self) -> str:
        return f"csrftoken={self.csrf}" + (f"; sessionid={self.session}" if self.session else "")

    def headers(self, **extra) -> dict:
        return {"Cookie": self.cookie, **extra}

    def post_headers(self, **extra) -> dict:
        return self.headers(**{"X-CSRFToken": self.csrf, "Referer": self.host + "/", **extra})

    get = BenchUser.get
    post = BenchUser.post

    def login(self):
        # 200 people signing in at once queue behind the password hashing: retry, as a person would.
        for _ in range(5):
            self.get("/accounts/login/", "login page")
            response = self.post(
                "/accounts/login/",
                "login",
                data={
                    "login": self.email,
                    "password": TARGETS["password"],
                    "csrfmiddlewaretoken": self.csrf,
                },
                expect=(302,),
            )
            headers = response.headers or {}
            cookies = " ".join(str(v) for k, v in headers.items() if k.lower() == "set-cookie")
            found = SESSION_RE.search(cookies)
            if found:
                self.session = found.group(1)
                return
            self.wait()
        raise StopUser()

    @task
    def journey(self):
        if self.email is None:
            gevent.sleep(30)
            return
        if not self.booked:
            self.book_the_race()
        if not self.todo:
            # Every course done: a look at the dashboard, then the learner stays, reading.
            self.get("/dashboard/", "dashboard")
            gevent.sleep(30)
            return
        slug = self.todo.pop()
        self.get(f"/courses/{slug}/", "course page")
        self.post(f"/courses/{slug}/enrol/", "enrol", expect=(302,))
        self.answer_in_the_course_space(slug)
        self.get("/search/" + random.choice(TARGETS["search_queries"]), "search")
        for item in TARGETS["courses"][slug]:
            self.get(f"/courses/{slug}/items/{item['id']}/", "player item")
            if item["kind"] == "quiz":
                self.take_quiz(slug, item["id"])
                continue
            response = self.post(
                f"/courses/{slug}/items/{item['id']}/complete/",
                "mark complete",
                expect=(200,),
                **{"HX-Request": "true"},
            )
            if response.status_code == 200:
                LOG.append({"email": self.email, "item": item["id"], "what": "complete"})
        page = self.get("/certificates/", "my certificates")
        for link in PDF_RE.findall(page.text or ""):
            if link not in self.downloaded:
                pdf = self.get(link, "certificate pdf")
                if pdf.status_code == 200 and (pdf.content or b"")[:5] == b"%PDF-":
                    self.downloaded.add(link)
                    LOG.append({"email": self.email, "what": "pdf", "url": link})

    def book_the_race(self):
        """All learners start together: 200 people for the 20 places of one session."""
        self.booked = True
        response = self.post(
            f"/workshops/sessions/{TARGETS['race_session']}/book/",
            "workshop booking",
            data={"seat": "online"},
            expect=(302,),
        )
        if response.status_code == 302:
            LOG.append({"email": self.email, "what": "booking"})

    def answer_in_the_course_space(self, slug: str):
        topic = TARGETS["topics"][slug]
        self.get(f"/community/t/{topic}/", "forum topic")
        response = self.post(
            f"/community/t/{topic}/reply/",
            "forum reply",
            data={"body": f"<p>U nas pierwszy kontakt to punkt informacyjny ({self.email}).</p>"},
            expect=(302,),
        )
        found = POST_RE.search((response.headers or {}).get("Location", "") or "")
        if found:  # the redirect names the new post: the server acknowledged it
            LOG.append({"email": self.email, "what": "post", "post": int(found.group(1))})
        self.get("/notifications/", "notifications")

    def take_quiz(self, slug: str, item_id: int):
        # One learner in five fails first (blank answers) and passes on the second try.
        for correct in [True] if random.random() < 0.8 else [False, True]:
            attempt = start_attempt(self, item_id)
            if attempt is None:
                return
            answer_attempt(self, attempt, item_id, correct=correct)
            response = self.post(
                f"/quizzes/attempt/{attempt}/submit/", "quiz submit", expect=(302,)
            )
            if response.status_code == 302:
                LOG.append({"email": self.email, "what": "submit", "attempt": attempt})
                if correct:  # every answer right: the server must record the quiz as passed
                    LOG.append({"email": self.email, "item": item_id, "what": "complete"})
            self.get(f"/quizzes/attempt/{attempt}/review/", "quiz review")
