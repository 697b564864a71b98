"""Demo courses for ``seed_demo``: three realistic courses (two in Polish, one in English)
with every material kind, and demo learners at different stages. Idempotent: modules and
items are matched by position, details updated in place, progress recorded through the
engine (which ignores what is already recorded)."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from academy.models import User

from .authoring import structure_edit
from .html import sanitize_html
from .models import Course, Document, Enrollment, Item, Link, Module, Page, Topic, Video
from .progress import progress_recompute, progress_record

TRAINER = "trainer@academy.example"

TOPICS = {  # slug: (Polish, English, Ukrainian)
    "integracja-lokalna": ("Integracja lokalna", "Local integration", "Місцева інтеграція"),
    "ochrona-miedzynarodowa": (
        "Ochrona międzynarodowa",
        "International protection",
        "Міжнародний захист",
    ),
    "komunikacja": (
        "Komunikacja i tłumaczenie",
        "Communication and interpreting",
        "Комунікація та переклад",
    ),
    "wspolpraca-samorzad-ngo": (
        "Współpraca samorządu i NGO",
        "Local government and NGO cooperation",
        "Співпраця самоврядування та НУО",
    ),
}

# A short open-licence film used as a stand-in embed; the transcript is the content.
DEMO_VIDEO = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"


def demo_topic(slug: str) -> Topic:
    """The demo topic ``slug`` with its names in the three languages (created or updated)."""
    names = TOPICS.get(slug, (slug, "", ""))
    defaults = dict(zip(("name", "name_en", "name_uk"), names, strict=True))
    return Topic.objects.update_or_create(slug=slug, defaults=defaults)[0]


def P(*paragraphs: str) -> str:  # noqa: N802 - reads like the markup it builds
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def UL(*points: str) -> str:  # noqa: N802
    return "<ul>" + "".join(f"<li>{point}</li>" for point in points) + "</ul>"


COURSES = [
    {
        "slug": "lokalna-polityka-integracyjna",
        "title": "Lokalna polityka integracyjna krok po kroku",
        "summary": "Jak gmina może zaplanować, wdrożyć i ocenić politykę integracji cudzoziemców: "
        "od diagnozy potrzeb po współpracę z organizacjami społecznymi.",
        "description": P(
            "Kurs jest przeznaczony dla pracowników urzędów gmin i miast, którzy odpowiadają za sprawy "
            "społeczne, edukację lub kontakt z mieszkańcami. Przeprowadzi Cię przez kolejne etapy "
            "tworzenia lokalnej polityki integracyjnej.",
            "Moduły trzeba przechodzić po kolei: każdy kolejny krok otwiera się po ukończeniu poprzedniego.",
        ),
        "language": "pl",
        "level": Course.Level.BEGINNER,
        "hours": "4",
        "sequential": True,
        "mode": Course.EnrolmentMode.OPEN,
        "topics": ["integracja-lokalna", "wspolpraca-samorzad-ngo"],
        "modules": [
            (
                "Dlaczego gmina potrzebuje polityki integracyjnej",
                [
                    (
                        "page",
                        "Migracja jako codzienność samorządu",
                        10,
                        True,
                        {
                            "body": P(
                                "W wielu polskich gminach cudzoziemcy są dziś stałymi mieszkańcami: pracują, płacą podatki, "
                                "posyłają dzieci do szkół i korzystają z ośrodków zdrowia. Integracja dzieje się więc "
                                "lokalnie – w urzędzie, w szkole, na osiedlu – niezależnie od tego, czy gmina ją planuje.",
                                "Polityka integracyjna to świadoma decyzja, by ten proces wspierać: usuwać bariery w dostępie "
                                "do usług, dbać o informację w zrozumiałych językach i budować relacje między starymi a nowymi "
                                "mieszkańcami.",
                            )
                            + "<h2>Co zyskuje gmina?</h2>"
                            + UL(
                                "lepsze planowanie usług (miejsca w szkołach, opieka zdrowotna, mieszkania),",
                                "mniej napięć i nieporozumień w społeczności lokalnej,",
                                "mieszkańców, którzy chcą zostać i angażować się w życie gminy.",
                            )
                        },
                    ),
                    (
                        "video",
                        "Rozmowa: integracja zaczyna się w urzędzie",
                        12,
                        True,
                        {
                            "embed_url": DEMO_VIDEO,
                            "transcript": "Prowadząca: Od czego zaczęliście pracę nad polityką integracyjną?\n\n"
                            "Urzędniczka: Od rozmów z ludźmi, którzy przychodzili do naszego wydziału. "
                            "Okazało się, że największym problemem nie były przepisy, tylko informacja: "
                            "nikt nie wiedział, gdzie zapisać dziecko do szkoły ani jak umówić się do lekarza.\n\n"
                            "Prowadząca: Co zmieniliście najpierw?\n\n"
                            "Urzędniczka: Przygotowaliśmy prosty informator w czterech językach i wyznaczyliśmy "
                            "jedną osobę kontaktową. To kosztowało niewiele, a bardzo pomogło.",
                        },
                    ),
                    (
                        "link",
                        "Strategie integracyjne polskich miast – przegląd",
                        8,
                        False,
                        {
                            "url": "https://www.gov.pl/web/udsc",
                            "description": "Strona Urzędu do Spraw Cudzoziemców z aktualnymi danymi o cudzoziemcach "
                            "mieszkających w Polsce. Sprawdź, ile osób z zezwoleniami mieszka w Twoim województwie.",
                        },
                    ),
                ],
            ),
            (
                "Diagnoza potrzeb w gminie",
                [
                    (
                        "page",
                        "Skąd brać dane o cudzoziemcach",
                        15,
                        True,
                        {
                            "body": P(
                                "Dobra polityka zaczyna się od rzetelnej diagnozy. Gmina ma dostęp do wielu źródeł: rejestru "
                                "mieszkańców, danych szkół o uczniach z doświadczeniem migracji, informacji z ośrodka pomocy "
                                "społecznej i powiatowego urzędu pracy.",
                                "Liczby to jednak nie wszystko. Warto porozmawiać z samymi cudzoziemcami, z organizacjami, "
                                "które im pomagają, oraz z pracownikami pierwszego kontaktu.",
                            )
                            + "<h2>Pytania do diagnozy</h2>"
                            + UL(
                                "Ile osób i z jakich krajów mieszka w gminie? Jak zmienia się ta liczba?",
                                "Z jakich usług korzystają najczęściej i gdzie napotykają bariery?",
                                "Jakie zasoby ma już gmina: tłumaczy, asystentów międzykulturowych, organizacje partnerskie?",
                            )
                        },
                    ),
                    (
                        "document",
                        "Karta diagnozy potrzeb (wzór)",
                        10,
                        True,
                        {
                            "description": "Wzór karty do uzupełnienia podczas diagnozy: źródła danych, osoby do rozmów "
                            "i najważniejsze pytania. Wydrukuj ją lub uzupełnij na komputerze.",
                            "pdf_title": "Karta diagnozy potrzeb integracyjnych gminy",
                            "pdf_lines": [
                                "1. Źródła danych: rejestr mieszkańców, szkoły, OPS, PUP, organizacje pozarządowe.",
                                "2. Osoby do rozmowy: cudzoziemcy, liderzy społeczności, pracownicy pierwszego kontaktu.",
                                "3. Bariery: język, informacja, mieszkanie, zdrowie, edukacja, praca.",
                                "4. Zasoby gminy: tłumacze, asystenci międzykulturowi, partnerzy.",
                                "5. Priorytety na najbliższy rok i osoba odpowiedzialna.",
                            ],
                        },
                    ),
                ],
            ),
            (
                "Współpraca z organizacjami społecznymi",
                [
                    (
                        "page",
                        "Formy współpracy samorządu i NGO",
                        15,
                        True,
                        {
                            "body": P(
                                "Organizacje pozarządowe często jako pierwsze dostrzegają potrzeby nowych mieszkańców. "
                                "Samorząd może z nimi współpracować finansowo (zlecanie zadań publicznych, granty) i "
                                "pozafinansowo (wspólne zespoły, konsultacje, wymiana informacji).",
                                "Dobrą praktyką jest zespół do spraw integracji, w którym spotykają się przedstawiciele "
                                "urzędu, szkół, służby zdrowia, policji i organizacji.",
                            )
                        },
                    ),
                    (
                        "page",
                        "Jak mierzyć efekty",
                        10,
                        True,
                        {
                            "body": P(
                                "Określ na początku kilka prostych wskaźników: liczbę osób, które skorzystały z punktu "
                                "informacyjnego, liczbę dzieci objętych wsparciem językowym, liczbę wspólnych wydarzeń.",
                                "Raz w roku omów wyniki z zespołem do spraw integracji i zdecyduj, co zmienić.",
                            )
                        },
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "ochrona-czasowa-ukraina",
        "title": "Ochrona czasowa osób z Ukrainy: prawa, usługi i co dalej",
        "summary": "Najważniejsze zasady ochrony czasowej, status UKR, dostęp do usług publicznych "
        "oraz przygotowanie na zmianę przepisów.",
        "description": P(
            "Kurs dla pracowników urzędów i organizacji, którzy na co dzień pomagają osobom z Ukrainy. "
            "Wyjaśniamy, skąd wynikają ich uprawnienia, jak sprawdzić status i jak przygotować się na "
            "zakończenie ochrony czasowej.",
        ),
        "language": "pl",
        "level": Course.Level.INTERMEDIATE,
        "hours": "3",
        "sequential": False,
        "mode": Course.EnrolmentMode.OPEN,
        "topics": ["ochrona-miedzynarodowa"],
        "modules": [
            (
                "Podstawy ochrony czasowej",
                [
                    (
                        "page",
                        "Czym jest ochrona czasowa",
                        10,
                        True,
                        {
                            "body": P(
                                "Ochrona czasowa to nadzwyczajny mechanizm Unii Europejskiej, uruchomiony w 2022 roku "
                                "wobec osób uciekających przed wojną w Ukrainie. Pozwala im legalnie przebywać w państwie "
                                "członkowskim, pracować i korzystać z podstawowych usług bez przechodzenia procedury "
                                "azylowej.",
                                "W Polsce zasady te doprecyzowują przepisy krajowe, które były wielokrotnie zmieniane. "
                                "Zawsze sprawdzaj aktualny stan prawny przed udzieleniem porady.",
                            )
                        },
                    ),
                    (
                        "video",
                        "Status UKR w praktyce",
                        10,
                        True,
                        {
                            "embed_url": DEMO_VIDEO,
                            "transcript": "Ekspertka: Numer PESEL ze statusem UKR potwierdza, że osoba korzysta z ochrony "
                            "czasowej. Status można utracić, na przykład po dłuższym wyjeździe z Polski. "
                            "Dlatego w urzędzie zawsze sprawdzamy status w rejestrze, a nie tylko na "
                            "podstawie dokumentów przyniesionych przez interesanta.",
                        },
                    ),
                ],
            ),
            (
                "Dostęp do usług",
                [
                    (
                        "page",
                        "Praca, zdrowie, edukacja, świadczenia",
                        15,
                        True,
                        {
                            "body": UL(
                                "<strong>Praca</strong>: dostęp do rynku pracy bez zezwolenia, po powiadomieniu urzędu pracy przez pracodawcę.",
                                "<strong>Zdrowie</strong>: prawo do świadczeń zdrowotnych na zasadach zbliżonych do osób ubezpieczonych.",
                                "<strong>Edukacja</strong>: obowiązek szkolny i prawo do nauki w polskich szkołach.",
                                "<strong>Świadczenia</strong>: dostęp do części świadczeń rodzinnych, zależny od spełnienia warunków.",
                            )
                        },
                    ),
                    (
                        "link",
                        "Aktualne informacje rządowe dla obywateli Ukrainy",
                        5,
                        False,
                        {
                            "url": "https://www.gov.pl/web/ua",
                            "description": "Oficjalny serwis z informacjami po ukraińsku i po polsku. Warto go polecać "
                            "osobom, którym pomagasz.",
                        },
                    ),
                ],
            ),
            (
                "Co po ochronie czasowej",
                [
                    (
                        "page",
                        "Przejście na inne podstawy pobytu",
                        15,
                        True,
                        {
                            "body": P(
                                "Ochrona czasowa nie trwa wiecznie. Osoby, które chcą zostać w Polsce, powinny z wyprzedzeniem "
                                "poznać inne podstawy pobytu: zezwolenie na pobyt czasowy w związku z pracą, pobyt "
                                "rezydenta długoterminowego UE czy ochronę międzynarodową.",
                                "Rolą urzędu i organizacji jest rzetelna informacja oraz kierowanie do bezpłatnej pomocy prawnej.",
                            )
                        },
                    ),
                    (
                        "document",
                        "Lista kontrolna przed zmianą statusu",
                        10,
                        True,
                        {
                            "description": "Krótka lista dokumentów i kroków, które warto omówić z osobą planującą "
                            "zmianę podstawy pobytu.",
                            "pdf_title": "Lista kontrolna: zmiana podstawy pobytu",
                            "pdf_lines": [
                                "☐ Ważny dokument podróży lub inny dokument tożsamości.",
                                "☐ Potwierdzenie statusu UKR i numer PESEL.",
                                "☐ Umowa o pracę lub inne źródło utrzymania.",
                                "☐ Potwierdzenie ubezpieczenia zdrowotnego.",
                                "☐ Adres zamieszkania w Polsce.",
                                "☐ Kontakt do bezpłatnej pomocy prawnej.",
                            ],
                        },
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "working-with-interpreters",
        "title": "Working with interpreters and cultural mediators",
        "summary": "Plan, run and follow up conversations through an interpreter: roles, ethics, "
        "seating, pace, and when to call a cultural mediator instead.",
        "description": P(
            "For front-line staff in municipal offices, schools, health services and NGOs who talk to "
            "people with whom they share no language. Places are limited and each participant is "
            "approved by the trainer.",
        ),
        "language": "en",
        "level": Course.Level.BEGINNER,
        "hours": "2.5",
        "sequential": False,
        "mode": Course.EnrolmentMode.APPROVAL,
        "capacity": 40,
        "topics": ["komunikacja"],
        "modules": [
            (
                "Roles and ethics",
                [
                    (
                        "page",
                        "Interpreter, mediator, helper: who does what",
                        10,
                        True,
                        {
                            "body": P(
                                "An interpreter renders everything that is said, faithfully and impartially, in the first "
                                "person. A cultural mediator may also explain context, habits and expectations on both "
                                "sides. A relative or a child is neither, and should not interpret in matters of health, "
                                "law or safety.",
                            )
                            + "<h2>Ground rules</h2>"
                            + UL(
                                "Confidentiality binds the interpreter as much as you.",
                                "Speak to the person, not to the interpreter.",
                                "Everything said in the room is interpreted, including side remarks.",
                            )
                        },
                    ),
                    (
                        "video",
                        "A conversation through an interpreter",
                        12,
                        True,
                        {
                            "embed_url": DEMO_VIDEO,
                            "transcript": "Officer: Good morning. I will speak to you in Polish and Ms Hanna will interpret "
                            "everything I say, and everything you say, into Ukrainian. She will not add "
                            "anything or leave anything out.\n\n"
                            "Interpreter: (interprets)\n\n"
                            "Officer: Please stop me whenever something is unclear.",
                        },
                    ),
                ],
            ),
            (
                "Before, during and after the conversation",
                [
                    (
                        "page",
                        "Preparing the interpreter",
                        10,
                        True,
                        {
                            "body": P(
                                "Brief the interpreter for a few minutes before the meeting: the purpose, the terms you will "
                                "use, any documents, and anything sensitive they should be ready for. Agree on how to signal "
                                "a pause.",
                            )
                        },
                    ),
                    (
                        "document",
                        "Checklist for interpreted meetings",
                        5,
                        True,
                        {
                            "description": "A one-page checklist to print and keep at the desk.",
                            "pdf_title": "Checklist: interpreted meetings",
                            "pdf_lines": [
                                "Before: book a qualified interpreter; check the language and dialect; brief them.",
                                "Seating: a triangle, so that you and the client face each other.",
                                "During: short sentences, one idea at a time; pause for interpretation.",
                                "Check understanding: ask the person to say it back in their own words.",
                                "After: debrief the interpreter; note what to do differently next time.",
                            ],
                        },
                    ),
                    (
                        "link",
                        "Finding sworn translators and interpreters",
                        5,
                        False,
                        {
                            "url": "https://www.gov.pl/web/sprawiedliwosc/tlumacze-przysiegli",
                            "description": "The Ministry of Justice's list of sworn translators and interpreters in Poland.",
                        },
                    ),
                ],
            ),
            (
                "Difficult situations",
                [
                    (
                        "page",
                        "Trauma, conflict and bad news",
                        15,
                        True,
                        {
                            "body": P(
                                "Conversations about violence, loss or refusals are hard for everyone in the room, including "
                                "the interpreter. Plan breaks, use plain words, and give the interpreter a chance to talk "
                                "about the conversation afterwards.",
                            )
                        },
                    ),
                ],
            ),
        ],
    },
]


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small real PDF, in a font that covers Polish letters."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    try:
        import fontpkg_pt_sans

        if "DemoSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(
                TTFont("DemoSans", str(fontpkg_pt_sans.ROOT / "files" / "PT_Sans-Web-Regular.ttf"))
            )
        font = "DemoSans"
    except (ImportError, OSError):
        pass
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setFont(font, 18)
    pdf.drawString(56, 780, title)
    pdf.setFont(font, 11)
    y = 740
    for line in lines:
        pdf.drawString(56, y, line.replace("☐", "[ ]"))
        y -= 22
    pdf.drawString(56, 80, "Migration Academy")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _detail(item: Item, kind: str, data: dict) -> None:
    if kind == "page":
        Page.objects.update_or_create(item=item, defaults={"body": sanitize_html(data["body"])})
    elif kind == "video":
        Video.objects.update_or_create(
            item=item,
            defaults={
                "embed_url": data["embed_url"],
                "transcript": data["transcript"],
                "file_type": "",
            },
        )
    elif kind == "link":
        Link.objects.update_or_create(
            item=item, defaults={"url": data["url"], "description": data["description"]}
        )
    elif kind == "document":
        document = Document.objects.filter(item=item).first()
        content = _pdf(data["pdf_title"], data["pdf_lines"])
        if document is None:
            document = Document(item=item)
        if not document.file or not document.file.storage.exists(document.file.name):
            document.file.save(
                f"demo-{item.course.slug}-{item.position}.pdf", ContentFile(content), save=False
            )
        document.file_type, document.size = "pdf", len(content)
        document.original_name = f"{item.course.slug}-{item.position + 1}.pdf"
        document.description = data["description"]
        document.save()


def _course(spec: dict, trainer: User | None) -> Course:
    course, _created = Course.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "summary": spec["summary"],
            "description": sanitize_html(spec["description"]),
            "language": spec["language"],
            "level": spec["level"],
            "estimated_hours": Decimal(spec["hours"]),
            "status": Course.Status.PUBLISHED,
            "enrolment_mode": spec["mode"],
            "capacity": spec.get("capacity"),
            "is_sequential": spec["sequential"],
            "certificate_enabled": True,
        },
    )
    if course.published_at is None:
        course.published_at = timezone.now()
        course.save(update_fields=["published_at"])
    course.topics.set([demo_topic(slug) for slug in spec["topics"]])
    if trainer is not None:
        course.trainers.add(trainer)
    with structure_edit(course):  # idempotent: the demo's own positions
        for module_position, (module_title, items) in enumerate(spec["modules"]):
            module, _created = Module.objects.update_or_create(
                course=course, position=module_position, defaults={"title": module_title}
            )
            for position, (kind, title, minutes, required, data) in enumerate(items):
                item, _created = Item.objects.update_or_create(
                    module=module,
                    position=position,
                    defaults={
                        "course": course,
                        "kind": kind,
                        "title": title,
                        "estimated_minutes": minutes,
                        "is_required": required,
                        "archived_at": None,
                    },
                )
                _detail(item, kind, data)
    return course


def _enrol(
    user: User, course: Course, *, status=Enrollment.Status.ACTIVE, days_ago: int = 10
) -> Enrollment:
    when = timezone.now() - timedelta(days=days_ago)
    enrollment, created = Enrollment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "status": status,
            "requested_at": when,
            "enrolled_at": when if status == Enrollment.Status.ACTIVE else None,
        },
    )
    if not created and enrollment.status != status and not enrollment.completed_at:
        enrollment.status = status
        enrollment.save(update_fields=["status"])
    if enrollment.status == Enrollment.Status.ACTIVE:
        progress_recompute(enrollment=enrollment)
    return enrollment


MATERIALS = [Item.Kind.PAGE, Item.Kind.VIDEO, Item.Kind.DOCUMENT, Item.Kind.LINK]


def _materials(course: Course) -> list[Item]:
    # Only this module's kinds: other apps' demos add quizzes and H5P to these courses.
    return list(Item.objects.active().filter(course=course, kind__in=MATERIALS).in_order())


def _complete(enrollment: Enrollment, count: int | None = None) -> None:
    items = _materials(enrollment.course)
    for item in items[:count] if count is not None else items:
        progress_record(enrollment=enrollment, item=item, completed=True)


@transaction.atomic
def seed(stdout) -> None:
    trainer = User.objects.filter(email=TRAINER).first()
    courses = {spec["slug"]: _course(spec, trainer) for spec in COURSES}
    people = {
        user.email: user
        for user in User.objects.filter(
            email__in=[
                "learner@academy.example",
                "ngo@academy.example",
                "official@academy.example",
            ]
        )
    }
    learner = people.get("learner@academy.example")
    if learner is not None:
        # Partway through the sequential course: the first module done, the second started.
        enrollment = _enrol(learner, courses["lokalna-polityka-integracyjna"], days_ago=12)
        _complete(enrollment, 3)
        second = _materials(enrollment.course)[3]
        progress_record(enrollment=enrollment, item=second)
    ngo = people.get("ngo@academy.example")
    if ngo is not None:
        enrollment = _enrol(ngo, courses["ochrona-czasowa-ukraina"], days_ago=30)
        _complete(enrollment)
        _enrol(ngo, courses["lokalna-polityka-integracyjna"], days_ago=2)
    official = people.get("official@academy.example")
    if official is not None:
        _enrol(
            official,
            courses["working-with-interpreters"],
            status=Enrollment.Status.REQUESTED,
            days_ago=1,
        )
    _seed_coordinated_staff(courses)
    stdout.write(f"Courses: {', '.join(sorted(courses))} (trainer {TRAINER}).")


COLLEAGUE = ("clerk@academy.example", "Tomasz Lewandowski", "Foreigners' affairs clerk")


def _seed_coordinated_staff(courses: dict[str, Course]) -> None:
    """A second member of the demo coordinator's office, so the coordinator's staff
    progress report has more than one person in it: one course done, one not started."""
    from allauth.account.models import EmailAddress

    from academy.demo import DEMO_PASSWORD
    from academy.models import Membership

    coordinating = (
        Membership.objects.filter(
            user__email="coordinator@academy.example",
            role=Membership.Role.COORDINATOR,
            status=Membership.Status.APPROVED,
        )
        .select_related("organisation")
        .first()
    )
    if coordinating is None:
        return
    email, name, title = COLLEAGUE
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
    user.full_name, user.job_title, user.preferred_language = name, title, "pl"
    user.save(update_fields=["full_name", "job_title", "preferred_language"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.update_or_create(
        user=user,
        organisation=coordinating.organisation,
        defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.APPROVED},
    )
    done = _enrol(user, courses["ochrona-czasowa-ukraina"], days_ago=20)
    _complete(done)
    _enrol(user, courses["lokalna-polityka-integracyjna"], days_ago=1)
