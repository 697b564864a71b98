"""Deterministic data at the scale of a national academy (``manage.py seed_scale``).

At scale 1: 50 organisations, 20,000 learners, 60 courses × 8 modules × 10 items,
100,000 enrolments, 2,000,000 item-progress rows, 200,000 quiz attempts and 30,000
certificates; and a knowledge base of 10,000 publications with 200,000 pages of text in
the search index (``bench.scale_knowledge``). One fixed random seed gives the same data
every time.

Shape of every course (so the volumes above are consistent with each other):
each module has 10 items; positions 0–3 and 9 are required, 4–8 optional, so a course
has 40 required items; position 9 is a quiz (10 single-choice questions) in modules
2, 4, 6 and 8, a summary page elsewhere. A completed enrolment has all 40 required
items complete and its four quizzes passed, hence a certificate. Other enrolments have
done a prefix of the required items (most learners stop early), one item in progress,
and some optional reading. Failed quiz attempts come before the passing one.

Everything is written with bulk inserts (COPY on PostgreSQL), so every derived field
is set here exactly as the services would: ``Organisation.name_key``, ``Item.course``,
the enrolment counters, certificate numbers (gapless per year, after the year's
counter) and codes, certificate snapshots, verified allauth email addresses.
Scale certificates have no stored PDF (rendering 30,000 would take longer than the
whole seed); certificates issued by the running site do.
"""

from __future__ import annotations

import json
import math
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache, lru_cache

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from academy.models import TRAINERS_GROUP, Membership, Organisation, User, organisation_name_key
from assessments.models import Attempt, Choice, Question, Quiz, QuizQuestion
from certificates import printing
from certificates.codes import ALPHABET, CODE_LENGTH, format_number
from certificates.models import Certificate, CertificateCounter, CertificateEvent
from courses.authoring import structure_edit
from courses.models import Course, Enrollment, Item, ItemProgress, Link, Module, Page, Topic, Video

from .bulk import BulkWriter, RawJSON

EMAIL_DOMAIN = "scale.academy.example"
# Every scale account shares this password (one hash computed once); load tools log in with it.
PASSWORD = "bench-password-2026"
SEED = 2026

FULL = {
    "organisations": 50,
    "learners": 20_000,
    "courses": 60,
    "enrollments": 100_000,
    "progress": 2_000_000,
    "attempts": 200_000,
    "certificates": 30_000,
}
MODULES = 8
ITEMS_PER_MODULE = 10
REQUIRED_POSITIONS = (0, 1, 2, 3, 9)
QUIZ_MODULES = (1, 3, 5, 7)  # 0-based: the 2nd, 4th, 6th and 8th module end with a quiz
QUESTIONS_PER_QUIZ = 10
CHOICES_PER_QUESTION = 4
KINDS = {
    0: "page",
    1: "page",
    2: "video",
    3: "page",
    4: "link",
    5: "page",
    6: "video",
    7: "link",
    8: "page",
}
REQUIRED_TOTAL = MODULES * len(REQUIRED_POSITIONS)
QUIZ_REQUIRED_INDEXES = tuple(m * len(REQUIRED_POSITIONS) + 4 for m in QUIZ_MODULES)
PASS_MARK = 70
BASE_TIME = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)

FIRST_NAMES = [
    "Anna",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Magdalena",
    "Joanna",
    "Piotr",
    "Krzysztof",
    "Tomasz",
    "Paweł",
    "Michał",
    "Łukasz",
    "Grzegorz",
    "Wojciech",
    "Olena",
    "Oksana",
    "Iryna",
    "Nataliia",
    "Andrii",
    "Oleksandr",
    "Dmytro",
    "Serhii",
    "Żaneta",
    "Jędrzej",
    "Ścibor",
    "Зоряна",
    "Богдан",
    "Ґанна",
    "Євген",
    "Їжак",
]
LAST_NAMES = [
    "Nowak",
    "Kowalska",
    "Wiśniewski",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
    "Szymański",
    "Woźniak",
    "Dąbrowska",
    "Kozłowski",
    "Jankowska",
    "Mazur",
    "Krawczyk",
    "Shevchenko",
    "Kovalenko",
    "Bondarenko",
    "Tkachenko",
    "Kravchenko",
    "Melnyk",
    "Łęcka",
    "Żółkiewski",
    "Ковальчук",
    "Гнатюк",
    "Їжакевич",
    "Ґудзь",
]
ORG_KINDS = ["municipality", "county_office", "voivodeship_office", "public_institution", "ngo"]
ORG_NAMES = [
    "Urząd Miasta",
    "Urząd Gminy",
    "Starostwo Powiatowe w",
    "Urząd Wojewódzki w",
    "Miejski Ośrodek Pomocy Społecznej w",
    "Fundacja Dialog",
    "Stowarzyszenie Otwarte Drzwi",
    "Centrum Integracji Cudzoziemców w",
]
CITIES = [
    "Lublin",
    "Rzeszów",
    "Kraków",
    "Wrocław",
    "Poznań",
    "Gdańsk",
    "Białystok",
    "Łódź",
    "Kielce",
    "Olsztyn",
    "Opole",
    "Katowice",
    "Szczecin",
    "Zielona Góra",
    "Bydgoszcz",
    "Przemyśl",
    "Chełm",
    "Zamość",
    "Siedlce",
    "Płock",
    "Tarnów",
    "Nowy Sącz",
    "Suwałki",
    "Elbląg",
    "Gorzów Wielkopolski",
]
VOIVODESHIPS = [
    "lubelskie",
    "podkarpackie",
    "malopolskie",
    "dolnoslaskie",
    "wielkopolskie",
    "pomorskie",
    "podlaskie",
    "lodzkie",
    "swietokrzyskie",
    "warminsko-mazurskie",
    "opolskie",
    "slaskie",
    "zachodniopomorskie",
    "lubuskie",
    "kujawsko-pomorskie",
    "mazowieckie",
]
TOPICS = [
    ("Integracja lokalna", "integracja-lokalna"),
    ("Ochrona czasowa", "ochrona-czasowa"),
    ("Azyl i recepcja", "azyl-i-recepcja"),
    ("Pakt o migracji i azylu", "pakt-o-migracji"),
    ("Współpraca z NGO", "wspolpraca-z-ngo"),
    ("Tłumacze i mediatorzy", "tlumacze-i-mediatorzy"),
    ("Zakwaterowanie zbiorowe", "zakwaterowanie-zbiorowe"),
    ("Zmęczenie gościnnością", "zmeczenie-goscinnoscia"),
]
COURSE_THEMES = [
    "Lokalna polityka integracyjna",
    "Ochrona czasowa po 2026 roku",
    "Dostęp do procedury azylowej",
    "Pakt o migracji i azylu w praktyce gminy",
    "Współpraca samorządu z organizacjami",
    "Praca z tłumaczami i mediatorami",
    "Monitoring zakwaterowania zbiorowego",
    "Przeciwdziałanie zmęczeniu gościnnością",
    "Working with interpreters",
    "Reception conditions in the EU",
    "Інтеграція на місцевому рівні",
]
PAGE_BODY = (
    "<h2>{title}</h2><p>Samorząd, który przyjmuje nowych mieszkańców, potrzebuje jasnych "
    "procedur, dobrej informacji i współpracy z organizacjami pozarządowymi. W tej części "
    "omawiamy {title_lower}: obowiązki gminy, typowe trudności i sprawdzone rozwiązania.</p>"
    "<ul><li>Kto odpowiada za co w urzędzie</li><li>Jak rozmawiać z osobami w kryzysie</li>"
    "<li>Gdzie szukać wsparcia</li></ul>"
)


def scaled(name: str, scale: float) -> int:
    value = FULL[name] * scale
    minimum = {"organisations": 2, "learners": 20, "courses": 6}.get(name, 0)
    return max(minimum, int(round(value)))


class AlreadySeeded(Exception):
    """Scale data is already in this database."""


@dataclass
class Plan:
    """One enrolment's history, decided before any row is written."""

    user: int  # index of the learner
    course: int  # index of the course
    done: int = 0  # required items complete, in course order (REQUIRED_TOTAL = completed)
    started: bool = False  # an item after ``done`` is in progress
    optional: int = 0  # optional items complete
    attempts: dict[int, int] = field(
        default_factory=dict
    )  # quiz index (0..3) -> number of attempts

    @property
    def completed(self) -> bool:
        return self.done >= REQUIRED_TOTAL


def already_seeded() -> int:
    return User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count()


class ScaleSeeder:
    def __init__(
        self, *, scale: float = 1.0, seed: int = SEED, stdout=None, knowledge: bool = True
    ):
        self.scale = scale
        self.knowledge = knowledge
        self.seed = seed
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.targets = {name: scaled(name, scale) for name in FULL}
        self.writer = BulkWriter()

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def run(self) -> dict[str, int]:
        if already_seeded():
            raise AlreadySeeded
        started = time.monotonic()
        with transaction.atomic():
            self._people()
            self._courses()
            self._plan()
            self._enrollments()
            self._progress()
            self._attempts()
            self._certificates()
            if self.knowledge:
                self._knowledge()
            self.writer.finish()
            # Written through the ORM and the services: after the sequences moved past the
            # ids written above.
            self._course_search()
            self._live()
        self.elapsed = time.monotonic() - started
        return self.writer.counts

    def _step(self, label: str, started: float) -> None:
        self.say(f"  {label} ({time.monotonic() - started:.1f} s)")

    def _knowledge(self) -> None:
        from .scale_knowledge import KnowledgeSeeder

        started = time.monotonic()
        # Above scale 1 the knowledge base stays at its scale-1 size (10,000 publications):
        # the larger scales measure the learner pages, and indexing ten times the text
        # would take hours.
        KnowledgeSeeder(scale=min(self.scale, 1.0), seed=self.seed, writer=self.writer).run()
        if connection.vendor == "postgresql":
            # The typo word list is no model, so the writer does not analyse it: without
            # statistics the planner scans all of it instead of using its trigram index.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_lexicon")
        self._step("knowledge base and its search index", started)

    def _course_search(self) -> None:
        """The courses and their pages in the search index, by the indexer a published
        course runs in production: without entries the catalogue's search would fall back
        to folding every course's text in Python, which no real academy does."""
        from search.indexing import course_index
        from search.models import SearchEntry

        started = time.monotonic()
        entries = sum(course_index(course[0]) for course in self.courses)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
        self._step(f"search index: {entries} course and page entries", started)

    def _live(self) -> None:
        from . import scale_live

        scale_live.seed(
            scale=self.scale,
            trainer_id=self.trainer_ids[0],
            learner_ids=self.learner_ids[:200],
            say=self.say,
        )

    # --- people ---------------------------------------------------------------------

    def _people(self) -> None:
        started = time.monotonic()
        rng, t = self.rng, self.targets
        org_id = self.writer.next_id(Organisation)
        organisations, seen = [], set()
        for index in range(t["organisations"]):
            name = f"{rng.choice(ORG_NAMES)} {CITIES[index % len(CITIES)]}"
            voivodeship = VOIVODESHIPS[index % len(VOIVODESHIPS)]
            if (organisation_name_key(name), voivodeship) in seen or Organisation.objects.filter(
                name_key=organisation_name_key(name), voivodeship=voivodeship
            ).exists():
                name = f"{name} ({index + 1})"
            seen.add((organisation_name_key(name), voivodeship))
            organisations.append(
                (
                    org_id + index,
                    name,
                    organisation_name_key(name),
                    rng.choice(ORG_KINDS),
                    voivodeship,
                    "",
                    "",
                    True,
                    None,
                    BASE_TIME,
                )
            )
        self.writer.insert(
            Organisation,
            [
                "id",
                "name",
                "name_key",
                "kind",
                "voivodeship",
                "teryt",
                "krs",
                "is_approved",
                "requested_by_id",
                "created_at",
            ],
            organisations,
        )
        self.organisations = [(row[0], row[1]) for row in organisations]

        password = make_password(PASSWORD)  # computed once, shared by every scale account
        user_id = self.writer.next_id(User)
        trainers = max(2, t["courses"] // 3)
        self.trainer_ids = [user_id + i for i in range(trainers)]
        self.learner_ids = [user_id + trainers + i for i in range(t["learners"])]
        self.user_org: dict[int, tuple[int, str]] = {}
        self.user_names: dict[int, str] = {}
        users, emails, memberships = [], [], []
        membership_id = self.writer.next_id(Membership)
        email_id = self.writer.next_id(EmailAddress)
        for index, pk in enumerate(self.trainer_ids + self.learner_ids):
            is_trainer = index < trainers
            email = (
                f"trainer{index:04d}@{EMAIL_DOMAIN}"
                if is_trainer
                else f"learner{index - trainers:05d}@{EMAIL_DOMAIN}"
            )
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            language = rng.choices(["pl", "uk", "en"], weights=[80, 15, 5])[0]
            joined = BASE_TIME - timedelta(days=rng.randint(1, 400))
            users.append(
                (pk, password, None, False, email, name, "", "", language, False, True, joined)
            )
            emails.append((email_id + index, pk, email, True, True))
            self.user_names[pk] = name
            if not is_trainer:
                org = self.organisations[rng.randrange(len(self.organisations))]
                self.user_org[pk] = org
                role = "coordinator" if (index - trainers) < len(self.organisations) else "member"
                memberships.append(
                    (
                        membership_id + len(memberships),
                        pk,
                        org[0],
                        role,
                        "approved",
                        None,
                        joined,
                        joined,
                    )
                )
        self.writer.insert(
            User,
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "email",
                "full_name",
                "short_name",
                "job_title",
                "preferred_language",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            users,
        )
        self.writer.insert(EmailAddress, ["id", "user_id", "email", "verified", "primary"], emails)
        self.writer.insert(
            Membership,
            [
                "id",
                "user_id",
                "organisation_id",
                "role",
                "status",
                "decided_by_id",
                "decided_at",
                "created_at",
            ],
            memberships,
        )
        group, _created = Group.objects.get_or_create(name=TRAINERS_GROUP)
        group.user_set.add(*self.trainer_ids)
        self._step(f"{len(organisations)} organisations, {len(users)} people", started)

    # --- courses --------------------------------------------------------------------

    def _courses(self) -> None:
        started = time.monotonic()
        rng, t = self.rng, self.targets
        topics = []
        for name, slug in TOPICS:
            topic, _created = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
            topics.append(topic.pk)
        course_id, module_id, item_id = (self.writer.next_id(m) for m in (Course, Module, Item))
        question_id, choice_id = self.writer.next_id(Question), self.writer.next_id(Choice)
        placement_id = self.writer.next_id(QuizQuestion)
        courses, course_topics, course_trainers = [], [], []
        modules, items, pages, videos, links, quizzes = [], [], [], [], [], []
        questions, choices, placements = [], [], []
        self.courses = []  # (id, title, language, hours, required item ids, quiz item ids, optional ids by module)
        self.correct_choice: dict[int, int] = {}
        self.quiz_questions: dict[int, list[int]] = {}
        self.quiz_choices: dict[int, dict[str, list[int]]] = {}
        for c in range(t["courses"]):
            pk = course_id + c
            theme = COURSE_THEMES[c % len(COURSE_THEMES)]
            title = f"{theme} — edycja {c // len(COURSE_THEMES) + 1}"
            language = (
                "uk" if theme.startswith("Інтеграція") else ("en" if theme[0] in "WR" else "pl")
            )
            hours = Decimal(rng.choice(["4.0", "6.0", "8.0", "12.0", "16.0"]))
            published = BASE_TIME - timedelta(days=30 + c)
            courses.append(
                (
                    pk,
                    title,
                    f"scale-{c + 1:03d}",
                    f"Kurs dla samorządów i NGO: {theme.lower()}.",
                    f"<p>{theme}. Kurs z modułami, materiałami i quizami.</p>",
                    language,
                    rng.choice(["beginner", "intermediate", "advanced"]),
                    hours,
                    "",
                    "",
                    "published",
                    "open",
                    None,
                    None,
                    None,
                    c % 10 == 9,
                    False,
                    True,
                    published,
                    published,
                    published,
                    uuid.uuid4(),
                )
            )
            for topic in rng.sample(topics, 2):
                course_topics.append((pk, topic))
            trainer = self.trainer_ids[c % len(self.trainer_ids)]
            course_trainers.append((pk, trainer))
            required, quiz_items, optional = [], [], []
            for m in range(MODULES):
                mid = module_id + c * MODULES + m
                modules.append((mid, pk, f"Moduł {m + 1}: {theme}", "", m))
                module_optional = []
                for position in range(ITEMS_PER_MODULE):
                    iid = item_id + (c * MODULES + m) * ITEMS_PER_MODULE + position
                    is_quiz = position == 9 and m in QUIZ_MODULES
                    kind = "quiz" if is_quiz else KINDS.get(position, "page")
                    item_title = (
                        "Sprawdź się"
                        if is_quiz
                        else "Podsumowanie modułu"
                        if position == 9
                        else f"Materiał {m + 1}.{position + 1}"
                    )
                    is_required = position in REQUIRED_POSITIONS
                    items.append(
                        (
                            iid,
                            pk,
                            mid,
                            kind,
                            item_title,
                            position,
                            is_required,
                            rng.choice([5, 10, 15, 20]),
                            None,
                            published,
                        )
                    )
                    (required if is_required else module_optional).append(iid)
                    if kind == "page":
                        pages.append(
                            (
                                iid,
                                PAGE_BODY.format(title=item_title, title_lower=item_title.lower()),
                            )
                        )
                    elif kind == "video":
                        videos.append(
                            (
                                iid,
                                "",
                                "",
                                "",
                                "",
                                f"https://www.youtube-nocookie.com/embed/scale{iid}",
                                "Transkrypcja: omówienie zasad współpracy i przykłady z praktyki gmin.",
                            )
                        )
                    elif kind == "link":
                        links.append(
                            (iid, f"https://example.org/materialy/{iid}", "Materiał uzupełniający.")
                        )
                    elif kind == "quiz":
                        quiz_items.append(iid)
                        quizzes.append(
                            (
                                iid,
                                "Dziesięć pytań sprawdzających moduł.",
                                PASS_MARK,
                                None,
                                "highest",
                                None,
                                None,
                                None,
                                0,
                                False,
                                True,
                                None,
                                None,
                                "after_submit",
                                True,
                                "all",
                                published,
                            )
                        )
                        shown: dict[str, list[int]] = {}
                        ids = []
                        for q in range(QUESTIONS_PER_QUIZ):
                            qid = question_id + len(questions)
                            questions.append(
                                (
                                    qid,
                                    trainer,
                                    "single",
                                    f"Pytanie {q + 1}: co należy do zadań gminy?",
                                    Decimal("1"),
                                    "",
                                    "all",
                                    True,
                                    True,
                                    False,
                                    None,
                                    Decimal("0"),
                                    published,
                                    published,
                                )
                            )
                            placements.append((placement_id + len(placements), iid, qid, q, None))
                            correct = rng.randrange(CHOICES_PER_QUESTION)
                            order = []
                            for position_choice in range(CHOICES_PER_QUESTION):
                                cid = choice_id + len(choices)
                                choices.append(
                                    (
                                        cid,
                                        qid,
                                        f"Odpowiedź {position_choice + 1}",
                                        position_choice == correct,
                                        "",
                                        "",
                                        position_choice,
                                    )
                                )
                                order.append(cid)
                                if position_choice == correct:
                                    self.correct_choice[qid] = cid
                            ids.append(qid)
                            shown[str(qid)] = order
                        self.quiz_questions[iid] = RawJSON(json.dumps(ids))
                        self.quiz_choices[iid] = RawJSON(json.dumps(shown))
                optional.append(module_optional)
            self.courses.append((pk, title, language, hours, required, quiz_items, optional))
        w = self.writer
        w.insert(
            Course,
            [
                "id",
                "title",
                "slug",
                "summary",
                "description",
                "language",
                "level",
                "estimated_hours",
                "cover_image",
                "cover_alt",
                "status",
                "enrolment_mode",
                "enrolment_opens_at",
                "enrolment_closes_at",
                "capacity",
                "is_sequential",
                "complete_pages_on_view",
                "certificate_enabled",
                "published_at",
                "created_at",
                "updated_at",
                "structure_token",
            ],
            courses,
        )
        w.insert(Course.topics.through, ["course_id", "topic_id"], course_topics)
        w.insert(Course.trainers.through, ["course_id", "user_id"], course_trainers)
        with structure_edit():  # new courses: their structure tokens are new
            w.insert(Module, ["id", "course_id", "title", "summary", "position"], modules)
            w.insert(
                Item,
                [
                    "id",
                    "course_id",
                    "module_id",
                    "kind",
                    "title",
                    "position",
                    "is_required",
                    "estimated_minutes",
                    "archived_at",
                    "created_at",
                ],
                items,
            )
        w.insert(Page, ["item_id", "body"], pages)
        w.insert(
            Video,
            [
                "item_id",
                "file",
                "file_type",
                "captions",
                "captions_language",
                "embed_url",
                "transcript",
            ],
            videos,
        )
        w.insert(Link, ["item_id", "url", "description"], links)
        w.insert(
            Quiz,
            [
                "item_id",
                "introduction",
                "pass_mark",
                "attempts_allowed",
                "grading",
                "time_limit_minutes",
                "opens_at",
                "closes_at",
                "wait_minutes",
                "shuffle_questions",
                "shuffle_choices",
                "draw_count",
                "draw_tag_id",
                "feedback",
                "show_correct_answers",
                "layout",
                "updated_at",
            ],
            quizzes,
        )
        w.insert(
            Question,
            [
                "id",
                "owner_id",
                "type",
                "text",
                "points",
                "general_feedback",
                "multiple_scoring",
                "ignore_case",
                "ignore_spacing",
                "ignore_diacritics",
                "numeric_answer",
                "tolerance",
                "created_at",
                "updated_at",
            ],
            questions,
        )
        w.insert(
            Choice,
            ["id", "question_id", "text", "is_correct", "match_text", "feedback", "position"],
            choices,
        )
        w.insert(QuizQuestion, ["id", "quiz_id", "question_id", "position", "points"], placements)
        self._step(
            f"{len(courses)} courses, {len(items)} items, {len(questions)} questions", started
        )

    # --- the plan: who did what ----------------------------------------------------

    def _plan(self) -> None:
        rng, t = self.rng, self.targets
        n_courses = len(self.courses)
        per_learner = max(1, math.ceil(t["enrollments"] / len(self.learner_ids)))
        plans: list[Plan] = []
        for learner in range(len(self.learner_ids)):
            if len(plans) >= t["enrollments"]:
                break
            for course in rng.sample(range(n_courses), min(per_learner, n_courses)):
                if len(plans) < t["enrollments"]:
                    plans.append(Plan(user=learner, course=course))
        completed = set(rng.sample(range(len(plans)), min(t["certificates"], len(plans))))
        for index, plan in enumerate(plans):
            if index in completed:
                plan.done = REQUIRED_TOTAL
            else:
                # Most learners stop early; none of these finishes.
                plan.done = min(REQUIRED_TOTAL - 1, int(REQUIRED_TOTAL * rng.random() ** 3))
                plan.started = plan.done > 0 or rng.random() < 0.5
            for quiz, required_index in enumerate(QUIZ_REQUIRED_INDEXES):
                if required_index < plan.done:
                    plan.attempts[quiz] = 1
                elif required_index == plan.done and plan.started:
                    plan.attempts[quiz] = 1  # reached the quiz and failed it so far
        # Optional reading fills the item-progress volume up to the target.
        required_rows = sum(p.done + (1 if p.started and not p.completed else 0) for p in plans)
        slots = [self._optional_slots(p) for p in plans]
        wanted = max(0, t["progress"] - required_rows)
        total_slots = sum(slots) or 1
        share = min(1.0, wanted / total_slots)
        for plan, available in zip(plans, slots, strict=True):
            plan.optional = int(available * share)
        missing = wanted - sum(p.optional for p in plans)
        open_plans = [i for i, p in enumerate(plans) if p.optional < slots[i]]
        rng.shuffle(open_plans)
        for index in open_plans:
            if missing <= 0:
                break
            plans[index].optional += 1
            missing -= 1
        # Retries: failed attempts before the passing one (or before giving up for now).
        pairs = [(p, quiz) for p in plans for quiz in p.attempts]
        extra = max(0, t["attempts"] - len(pairs))
        for _ in range(extra):
            if not pairs:
                break
            plan, quiz = pairs[rng.randrange(len(pairs))]
            plan.attempts[quiz] += 1
        self.plans = plans

    @staticmethod
    def _optional_slots(plan: Plan) -> int:
        modules_reached = (
            MODULES if plan.completed else min(MODULES, plan.done // len(REQUIRED_POSITIONS) + 1)
        )
        return (
            modules_reached * (ITEMS_PER_MODULE - len(REQUIRED_POSITIONS))
            if plan.done or plan.started
            else 0
        )

    def _timeline(self, index: int) -> datetime:
        # Deterministic start per enrolment, spread over a year.
        return BASE_TIME + timedelta(minutes=(index * 7919) % (365 * 24 * 60))

    @staticmethod
    def _at(start: datetime, step: int) -> datetime:
        return start + timedelta(hours=3 * step)

    # --- rows -----------------------------------------------------------------------

    def _enrollments(self) -> None:
        started = time.monotonic()
        enrollment_id = self.writer.next_id(Enrollment)
        self.enrollment_ids = [enrollment_id + i for i in range(len(self.plans))]
        self.completed_at: dict[int, datetime] = {}

        def rows():
            for index, plan in enumerate(self.plans):
                course = self.courses[plan.course]
                start = self._timeline(index)
                required = course[4]
                completed_at = self._at(start, REQUIRED_TOTAL) if plan.completed else None
                if completed_at:
                    self.completed_at[index] = completed_at
                if plan.started and not plan.completed:
                    last_item, last_at = required[plan.done], self._at(start, plan.done + 1)
                elif plan.done:
                    last_item, last_at = required[plan.done - 1], self._at(start, plan.done)
                else:
                    last_item, last_at = None, None
                percent = int(100 * plan.done / REQUIRED_TOTAL)
                yield (
                    enrollment_id + index,
                    self.learner_ids[plan.user],
                    course[0],
                    "active",
                    start,
                    start,
                    None,
                    REQUIRED_TOTAL,
                    plan.done,
                    percent,
                    completed_at,
                    last_item,
                    last_at,
                    # A cache key only (courses.fragments): random, as the model's default.
                    uuid.uuid4(),
                )

        self.writer.insert(
            Enrollment,
            [
                "id",
                "user_id",
                "course_id",
                "status",
                "requested_at",
                "enrolled_at",
                "decided_by_id",
                "required_total",
                "required_completed",
                "percent",
                "completed_at",
                "last_item_id",
                "last_activity_at",
                "progress_token",
            ],
            rows(),
        )
        self._step(f"{len(self.plans)} enrolments", started)

    def _best_score(self, plan_index: int, quiz: int, attempts: int, passed: bool) -> Decimal:
        scores = self._scores(plan_index, quiz, attempts, passed)
        return max(scores)

    def _scores(self, plan_index: int, quiz: int, attempts: int, passed: bool) -> list[Decimal]:
        # Deterministic per (enrolment, quiz) without consuming the shared generator.
        local = random.Random(plan_index * 31 + quiz)
        scores = [Decimal(local.randint(0, 6)) / 10 for _ in range(attempts)]
        if passed:
            scores[-1] = Decimal(local.randint(7, 10)) / 10
        return scores

    def _progress(self) -> None:
        started = time.monotonic()
        progress_id = self.writer.next_id(ItemProgress)
        counter = [0]

        def rows():
            for index, plan in enumerate(self.plans):
                course = self.courses[plan.course]
                required, quiz_items, optional = course[4], course[5], course[6]
                enrollment = self.enrollment_ids[index]
                start = self._timeline(index)
                for step in range(plan.done):
                    item = required[step]
                    at = self._at(start, step + 1)
                    score = passed = None
                    if item in quiz_items:
                        quiz = quiz_items.index(item)
                        score, passed = (
                            self._best_score(index, quiz, plan.attempts[quiz], True),
                            True,
                        )
                    counter[0] += 1
                    yield (
                        progress_id + counter[0] - 1,
                        enrollment,
                        item,
                        "completed",
                        score,
                        passed,
                        at - timedelta(minutes=20),
                        at,
                        at,
                    )
                if plan.started and not plan.completed:
                    item = required[plan.done]
                    at = self._at(start, plan.done + 1)
                    score = passed = None
                    if item in quiz_items:
                        quiz = quiz_items.index(item)
                        score, passed = (
                            self._best_score(index, quiz, plan.attempts[quiz], False),
                            False,
                        )
                    counter[0] += 1
                    yield (
                        progress_id + counter[0] - 1,
                        enrollment,
                        item,
                        "in_progress",
                        score,
                        passed,
                        at,
                        None,
                        at,
                    )
                flat = [item for module in optional for item in module]
                for n in range(plan.optional):
                    at = self._at(start, n + 1) + timedelta(minutes=30)
                    counter[0] += 1
                    yield (
                        progress_id + counter[0] - 1,
                        enrollment,
                        flat[n],
                        "completed",
                        None,
                        None,
                        at - timedelta(minutes=10),
                        at,
                        at,
                    )

        self.writer.insert(
            ItemProgress,
            [
                "id",
                "enrollment_id",
                "item_id",
                "state",
                "score",
                "passed",
                "started_at",
                "completed_at",
                "updated_at",
            ],
            rows(),
        )
        self._step(f"{counter[0]} item-progress rows", started)

    def _attempts(self) -> None:
        started = time.monotonic()
        attempt_id = self.writer.next_id(Attempt)
        counter = [0]
        n_questions = Decimal(QUESTIONS_PER_QUIZ)

        def rows():
            for index, plan in enumerate(self.plans):
                course = self.courses[plan.course]
                quiz_items = course[5]
                start = self._timeline(index)
                for quiz, attempts in plan.attempts.items():
                    item = quiz_items[quiz]
                    passed = QUIZ_REQUIRED_INDEXES[quiz] < plan.done
                    at = self._at(start, QUIZ_REQUIRED_INDEXES[quiz] + 1)
                    for number, score in enumerate(
                        self._scores(index, quiz, attempts, passed), start=1
                    ):
                        begin = at - timedelta(minutes=15 * (attempts - number + 1))
                        counter[0] += 1
                        yield (
                            attempt_id + counter[0] - 1,
                            item,
                            self.learner_ids[plan.user],
                            self.enrollment_ids[index],
                            number,
                            "submitted",
                            self.quiz_questions[item],
                            self.quiz_choices[item],
                            begin,
                            None,
                            begin + timedelta(minutes=9),
                            score * n_questions,
                            n_questions,
                            score,
                            score * 100 >= PASS_MARK,
                        )

        self.writer.insert(
            Attempt,
            [
                "id",
                "quiz_id",
                "user_id",
                "enrollment_id",
                "number",
                "state",
                "question_ids",
                "choice_order",
                "started_at",
                "deadline",
                "submitted_at",
                "points",
                "max_points",
                "score",
                "passed",
            ],
            rows(),
        )
        self._step(f"{counter[0]} quiz attempts", started)

    def _certificates(self) -> None:
        started = time.monotonic()
        rng = self.rng
        certificate_id = self.writer.next_id(Certificate)
        event_id = self.writer.next_id(CertificateEvent)
        counters = {c.year: c.last for c in CertificateCounter.objects.all()}
        used_codes = set(Certificate.objects.values_list("code", flat=True))
        certificates, events = [], []
        for index in sorted(self.completed_at, key=lambda i: (self.completed_at[i], i)):
            plan = self.plans[index]
            course = self.courses[plan.course]
            issued = self.completed_at[index] + timedelta(seconds=2)
            year = timezone.localdate(issued).year  # as certificates.services numbers them
            counters[year] = counters.get(year, 0) + 1
            sequence = counters[year]
            number = format_number(year, sequence)
            while True:
                code = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
                if code not in used_codes:
                    used_codes.add(code)
                    break
            user = self.learner_ids[plan.user]
            pk = certificate_id + len(certificates)
            certificates.append(
                (
                    pk,
                    self.enrollment_ids[index],
                    user,
                    course[0],
                    year,
                    sequence,
                    number,
                    code,
                    self._snapshot(user, course, number, issued, self.completed_at[index]),
                    issued,
                    None,
                    None,
                    None,
                    None,
                    "",
                    None,
                    None,
                    "",
                    "",
                    0,
                    1,
                    issued,
                )
            )
            events.append((event_id + len(events), pk, "issued", None, issued, "", {}))
        self.writer.insert(
            Certificate,
            [
                "id",
                "enrollment_id",
                "user_id",
                "course_id",
                "year",
                "sequence",
                "number",
                "code",
                "snapshot",
                "issued_at",
                "issued_by_id",
                "valid_until",
                "revoked_at",
                "revoked_by_id",
                "revocation_reason",
                "replaced_at",
                "replaced_by_id",
                "pdf_path",
                "pdf_sha256",
                "pdf_size",
                "pdf_version",
                "created_at",
            ],
            certificates,
        )
        self.writer.insert(
            CertificateEvent,
            ["id", "certificate_id", "action", "by_id", "at", "note", "details"],
            events,
        )
        for year, last in counters.items():
            CertificateCounter.objects.update_or_create(year=year, defaults={"last": last})
        self._step(f"{len(certificates)} certificates", started)

    def _snapshot(
        self, user: int, course: tuple, number: str, issued: datetime, completed: datetime
    ) -> dict:
        """The same keys and texts as ``certificates.services.build_snapshot`` without a template."""
        language = course[2] if course[2] in {"pl", "en", "uk"} else "pl"
        hours_raw = str(course[3])
        day, issued_day = timezone.localdate(completed), timezone.localdate(issued)
        hours, shown_date = _hours(hours_raw, language), _date(day, language)
        person = {
            "full_name": self.user_names[user],
            "course_title": course[1],
            "hours_raw": hours_raw,
            "organisation": self.user_org[user][1],
            "hours": hours,
        }
        values = {
            "name": person["full_name"],
            "course": person["course_title"],
            "hours": hours,
            "_hours_raw": hours_raw,
            "date": shown_date,
            "organisation": person["organisation"],
            "number": number,
        }
        defaults = _defaults(language)
        return {
            **person,
            # printing.template_texts(None, ...), with the language's defaults looked up once
            "title": printing.fill_placeholders(defaults["title"], values),
            "intro": defaults["intro"],
            "body": printing.fill_placeholders(defaults["body"], values),
            "title_en": "",
            "intro_en": "",
            "body_en": "",
            "language": language,
            "bilingual": False,
            "issuer": defaults["issuer"],
            "completed_on": day.isoformat(),
            "completed_on_display": shown_date,
            "issued_on_display": _date(issued_day, language),
            "valid_until_display": "",
            "signatories": [],
            "accent_colour": "#1f4e79",
        }


# Translations are switched on for each of these calls: done once per distinct value.
@cache
def _hours(raw: str, language: str) -> str:
    return printing.format_hours(raw, language)


@lru_cache(maxsize=4096)
def _date(day, language: str) -> str:
    return printing.format_date(day, language)


@cache
def _defaults(language: str) -> dict:
    return printing.default_texts(language)
