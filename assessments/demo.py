"""Demo quizzes for ``seed_demo``: each demo course ends with a final quiz that uses
every question type, in the course's language. Idempotent: a second run updates the
quiz's settings and leaves existing questions (and learners' attempts) alone."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from academy.models import User
from courses.authoring import item_create
from courses.models import Course, Enrollment, Item
from courses.progress import progress_recompute

from .kinds import QUIZ
from .models import Choice, Question, Quiz, QuizQuestion, Tag

TRAINER = "trainer@academy.example"

# type, text, points, options, choices [(text, correct, feedback | match_text)]
QUIZZES = {
    "lokalna-polityka-integracyjna": {
        "title": "Test końcowy: lokalna polityka integracyjna",
        "introduction": "Sprawdź, czy potrafisz zaplanować działania integracyjne w swojej gminie. "
        "Potrzebujesz 70% punktów; możesz podejść do testu trzy razy.",
        "settings": {
            "pass_mark": 70,
            "attempts_allowed": 3,
            "wait_minutes": 1,
            "grading": "highest",
            "layout": "all",
            "feedback": "after_submit",
        },
        "tags": ["integracja", "samorząd"],
        "questions": [
            (
                "single",
                "Od czego najlepiej zacząć tworzenie lokalnego programu integracji?",
                {},
                [
                    (
                        "Od diagnozy potrzeb mieszkańców i cudzoziemców w gminie",
                        True,
                        "Tak. Bez rzetelnej diagnozy program mija się z rzeczywistymi potrzebami.",
                    ),
                    (
                        "Od skopiowania programu sąsiedniego miasta",
                        False,
                        "Cudze doświadczenia inspirują, ale każda gmina ma inną sytuację.",
                    ),
                    (
                        "Od zakupu kampanii reklamowej",
                        False,
                        "Komunikacja jest ważna, lecz to nie pierwszy krok.",
                    ),
                ],
            ),
            (
                "multiple",
                "Którzy partnerzy powinni uczestniczyć w pracach nad programem?",
                {"multiple_scoring": "partial"},
                [
                    (
                        "Organizacje pozarządowe pracujące z migrantami",
                        True,
                        "Znają potrzeby i mają zaufanie społeczności.",
                    ),
                    (
                        "Przedstawiciele samych migrantów",
                        True,
                        "Ich głos to podstawa partycypacji.",
                    ),
                    (
                        "Szkoły i ośrodki pomocy społecznej",
                        True,
                        "To instytucje pierwszego kontaktu.",
                    ),
                    ("Wyłącznie radni", False, "Radni są ważni, ale program powstaje szerzej."),
                ],
            ),
            (
                "true_false",
                "Gmina może prowadzić działania integracyjne także wtedy, gdy przepisy nie nakładają na nią takiego obowiązku.",
                {},
                [
                    (
                        "Prawda",
                        True,
                        "Tak – to zadanie własne wspólnoty samorządowej, realizowane z inicjatywy gminy.",
                    ),
                    (
                        "Fałsz",
                        False,
                        "Brak obowiązku nie oznacza zakazu; wiele miast działa z własnej inicjatywy.",
                    ),
                ],
            ),
            (
                "short",
                "Jak nazywa się dokument, w którym gmina opisuje cele i działania integracyjne na kilka lat? (dwa słowa)",
                {"ignore_case": True, "ignore_spacing": True, "ignore_diacritics": True},
                [
                    ("program integracji", True, ""),
                    ("strategia integracji", True, ""),
                ],
            ),
            (
                "numeric",
                "Lokalny program przewidziano na lata 2025–2029. Ile lat obejmuje?",
                {"numeric_answer": Decimal("5")},
                [],
            ),
            (
                "matching",
                "Połącz działanie z instytucją, która zwykle je prowadzi.",
                {},
                [
                    (
                        "Kursy języka polskiego dla dorosłych",
                        True,
                        "organizacja pozarządowa lub centrum kształcenia",
                    ),
                    ("Wsparcie uczniów z doświadczeniem migracji", True, "szkoła"),
                    ("Pomoc w sytuacji kryzysowej", True, "ośrodek pomocy społecznej"),
                ],
            ),
            (
                "ordering",
                "Ułóż etapy pracy nad programem w kolejności.",
                {},
                [
                    ("Diagnoza potrzeb", True, ""),
                    ("Konsultacje z mieszkańcami", True, ""),
                    ("Przyjęcie programu przez radę", True, ""),
                    ("Monitoring i ewaluacja", True, ""),
                ],
            ),
        ],
    },
    "ochrona-czasowa-ukraina": {
        "title": "Test: ochrona czasowa w praktyce",
        "introduction": "Krótki test z zasad ochrony czasowej osób z Ukrainy i tego, co zmienia się po jej wygaśnięciu.",
        "settings": {
            "pass_mark": 60,
            "attempts_allowed": None,
            "wait_minutes": 0,
            "grading": "highest",
            "layout": "one",
            "feedback": "after_submit",
            "time_limit_minutes": 20,
        },
        "tags": ["ochrona czasowa", "Ukraina"],
        "questions": [
            (
                "single",
                "Na jakiej podstawie prawnej Unia Europejska uruchomiła ochronę czasową w 2022 roku?",
                {},
                [
                    (
                        "Dyrektywy o ochronie czasowej (2001/55/WE)",
                        True,
                        "Tak – Rada UE po raz pierwszy uruchomiła ten mechanizm w marcu 2022 r.",
                    ),
                    (
                        "Konwencji genewskiej",
                        False,
                        "Konwencja dotyczy statusu uchodźcy, a nie ochrony czasowej.",
                    ),
                    (
                        "Ustawy o cudzoziemcach",
                        False,
                        "To akt krajowy; podstawą unijną jest dyrektywa.",
                    ),
                ],
            ),
            (
                "multiple",
                "Co zwykle potwierdza prawo pobytu osoby objętej ochroną czasową w Polsce?",
                {},
                [
                    (
                        "Numer PESEL ze statusem UKR",
                        True,
                        "Status UKR w rejestrze PESEL jest podstawowym potwierdzeniem.",
                    ),
                    (
                        "Dokument elektroniczny Diia.pl",
                        True,
                        "Aplikacja potwierdza tożsamość i status.",
                    ),
                    ("Karta miejska", False, "Karta miejska nie potwierdza prawa pobytu."),
                ],
            ),
            (
                "true_false",
                "Osoba objęta ochroną czasową może legalnie pracować w Polsce po powiadomieniu urzędu pracy przez pracodawcę.",
                {},
                [
                    ("Prawda", True, "Tak – wystarcza powiadomienie, bez zezwolenia na pracę."),
                    (
                        "Fałsz",
                        False,
                        "Zezwolenie nie jest potrzebne; pracodawca składa powiadomienie.",
                    ),
                ],
            ),
            (
                "short",
                "Jak brzmi skrót statusu w rejestrze PESEL, który oznacza ochronę czasową?",
                {"ignore_case": True},
                [
                    ("UKR", True, ""),
                ],
            ),
            (
                "numeric",
                "W ciągu ilu dni pracodawca powinien powiadomić urząd pracy o zatrudnieniu osoby z Ukrainy?",
                {"numeric_answer": Decimal("7")},
                [],
            ),
            (
                "matching",
                "Połącz sprawę z instytucją, do której warto skierować osobę.",
                {},
                [
                    ("Nadanie numeru PESEL", True, "urząd gminy"),
                    ("Zezwolenie na pobyt czasowy", True, "urząd wojewódzki"),
                    ("Świadczenia rodzinne", True, "ZUS"),
                ],
            ),
            (
                "ordering",
                "Ułóż kroki, gdy ochrona czasowa zbliża się do końca, a osoba chce zostać w Polsce.",
                {},
                [
                    ("Sprawdzenie aktualnych przepisów i terminów", True, ""),
                    ("Wybór właściwego zezwolenia na pobyt", True, ""),
                    ("Złożenie wniosku w urzędzie wojewódzkim", True, ""),
                    ("Odbiór karty pobytu", True, ""),
                ],
            ),
        ],
    },
    "working-with-interpreters": {
        "title": "Final quiz: working with interpreters",
        "introduction": "Check what you know about working with interpreters and cultural mediators. You need 70% to pass.",
        "settings": {
            "pass_mark": 70,
            "attempts_allowed": 2,
            "wait_minutes": 5,
            "grading": "highest",
            "layout": "all",
            "feedback": "immediate",
        },
        "tags": ["interpreting", "communication"],
        "questions": [
            (
                "single",
                "During a meeting with an interpreter, whom should you look at and address?",
                {},
                [
                    (
                        "The person you are talking to",
                        True,
                        "Yes: speak directly to them, in the first person.",
                    ),
                    ("The interpreter", False, "This sidelines the person; address them directly."),
                    ("Your notes", False, "Eye contact with the person builds trust."),
                ],
            ),
            (
                "multiple",
                "Which are good reasons not to ask a child to interpret for their parents?",
                {"multiple_scoring": "partial"},
                [
                    ("It can expose the child to distressing information", True, ""),
                    ("It reverses roles in the family", True, ""),
                    (
                        "Children are never fluent enough",
                        False,
                        "Many are fluent; the problem is the burden, not skill.",
                    ),
                ],
            ),
            (
                "true_false",
                "A professional interpreter may summarise or leave out parts of what was said if they seem unimportant.",
                {},
                [
                    (
                        "True",
                        False,
                        "No: interpreters render everything that is said, without adding or omitting.",
                    ),
                    ("False", True, "Right: completeness and accuracy are core duties."),
                ],
            ),
            (
                "short",
                "What is the usual name for a person who explains cultural context as well as language?",
                {"ignore_case": True},
                [
                    ("cultural mediator", True, ""),
                    ("intercultural mediator", True, ""),
                ],
            ),
            (
                "numeric",
                "A 30-minute consultation needs roughly twice the time with consecutive interpreting. How many minutes should you book?",
                {"numeric_answer": Decimal("60"), "tolerance": Decimal("5")},
                [],
            ),
            (
                "matching",
                "Match the mode of interpreting with its description.",
                {},
                [
                    ("Consecutive", True, "the interpreter speaks after the speaker pauses"),
                    (
                        "Simultaneous",
                        True,
                        "the interpreter speaks while the speaker talks, often from a booth",
                    ),
                    ("Sight translation", True, "a written text is read out in another language"),
                ],
            ),
            (
                "ordering",
                "Put the steps of an interpreted meeting in order.",
                {},
                [
                    ("Brief the interpreter before the meeting", True, ""),
                    ("Introduce everyone and explain the interpreter's role", True, ""),
                    ("Hold the conversation in short segments", True, ""),
                    ("Debrief with the interpreter afterwards", True, ""),
                ],
            ),
        ],
    },
}


@transaction.atomic
def seed(stdout) -> None:
    owner = User.objects.filter(email=TRAINER).first()
    if owner is None:
        stdout.write("Quizzes: no demo trainer, skipped.")
        return
    made = []
    for slug, spec in QUIZZES.items():
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            continue
        module = course.modules.order_by("-position", "-pk").first()
        if module is None:
            continue
        item = Item.objects.filter(course=course, kind=QUIZ, title=spec["title"]).first()
        if item is None:
            item = item_create(
                module=module,
                kind=QUIZ,
                title=spec["title"],
                is_required=True,
                estimated_minutes=15,
            )
        quiz, _created = Quiz.objects.update_or_create(
            item=item,
            defaults={
                "introduction": spec["introduction"],
                "shuffle_choices": True,
                **spec["settings"],
            },
        )
        if not quiz.placements.exists():
            tags = [Tag.objects.get_or_create(name=name)[0] for name in spec["tags"]]
            for position, (kind, text, options, choices) in enumerate(spec["questions"], start=1):
                question = Question.objects.create(owner=owner, type=kind, text=text, **options)
                question.tags.set(tags)
                for index, (choice_text, correct, extra) in enumerate(choices):
                    Choice.objects.create(
                        question=question,
                        text=choice_text,
                        is_correct=correct,
                        position=index,
                        match_text=extra if kind == "matching" else "",
                        feedback=extra if kind != "matching" else "",
                    )
                QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
            # The new required item changes every learner's counters (completed courses stay completed).
            for enrollment in Enrollment.objects.filter(
                course=course, status=Enrollment.Status.ACTIVE
            ):
                progress_recompute(enrollment=enrollment)
        made.append(item.title)
    if made:
        stdout.write(f"Quizzes: {'; '.join(made)}.")
