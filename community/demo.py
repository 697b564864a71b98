"""Demo content of the community (idempotent): the course spaces with a few realistic
threads, two thematic communities, each demo organisation's private space and profile,
and five offers and needs in the partnerships directory."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from academy.models import Organisation, User
from courses.models import Course
from courses.models import Topic as CourseTopic

from .models import CommunityMember, Follow, Offer, PartnerProfile, Post, Space, Topic
from .search import offer_index, topic_index
from .services import community_create, course_space_ensure, organisation_space_ensure
from .text import clean_body

TRAINER = "trainer@academy.example"
LEARNER = "learner@academy.example"
COORDINATOR = "coordinator@academy.example"
NGO = "ngo@academy.example"
OFFICIAL = "official@academy.example"
STAFF = "staff@academy.example"

COMMUNITIES = [
    (
        "koordynatorzy-integracji",
        "Koordynatorzy ds. integracji w gminach",
        "Dla osób, które w urzędach gmin i miast koordynują działania integracyjne: "
        "programy, lokalne zespoły, współpraca z NGO.",
    ),
    (
        "zakwaterowanie-zbiorowe",
        "Zakwaterowanie zbiorowe",
        "Standardy, monitoring i wygaszanie obiektów zbiorowego zakwaterowania.",
    ),
]

# space key, kind, title, author, [(author, body)], accepted reply index or None
THREADS = [
    (
        "ochrona-czasowa-ukraina",
        Topic.Kind.QUESTION,
        "Czy po zmianie przepisów PESEL UKR nadal daje dostęp do świadczeń?",
        LEARNER,
        [
            (
                LEARNER,
                "W naszym MOPS pojawiają się pytania osób, którym zmienił się status. "
                "Czy status UKR nadal wystarcza, żeby złożyć wniosek o świadczenie?",
            ),
            (
                TRAINER,
                "Status UKR jest podstawą, ale przy większości świadczeń trzeba też spełnić "
                "warunki z ustawy szczególnej (np. aktywność zawodowa, obowiązek szkolny dzieci). "
                "Proszę sprawdzić aktualny tekst ustawy w module 2 – jest tam tabela warunków.",
            ),
            (
                NGO,
                "U nas pomogła krótka lista kontrolna przy okienku, przetłumaczona na ukraiński.",
            ),
        ],
        1,
    ),
    (
        "ochrona-czasowa-ukraina",
        Topic.Kind.DISCUSSION,
        "Jak informujecie mieszkańców o końcu ochrony czasowej?",
        COORDINATOR,
        [
            (
                COORDINATOR,
                "Przygotowujemy ulotkę i spotkanie informacyjne. Jakie kanały działają u Was najlepiej?",
            ),
            (
                NGO,
                "Grupy na komunikatorach prowadzone przez liderki społeczności i dyżury z tłumaczem.",
            ),
        ],
        None,
    ),
    (
        "lokalna-polityka-integracyjna",
        Topic.Kind.ANNOUNCEMENT,
        "Konsultacje modułu o diagnozie potrzeb – zapraszam do komentarzy",
        TRAINER,
        [
            (
                TRAINER,
                "Do końca miesiąca zbieram uwagi do modułu o diagnozie potrzeb. Proszę o komentarze w tym wątku.",
            )
        ],
        None,
    ),
    (
        "lokalna-polityka-integracyjna",
        Topic.Kind.QUESTION,
        "Od czego zacząć lokalny program integracyjny w małej gminie?",
        OFFICIAL,
        [
            (
                OFFICIAL,
                "Nasza gmina ma 8 tys. mieszkańców i ok. 200 osób z Ukrainy. Od czego zacząć?",
            ),
            (
                TRAINER,
                "Od krótkiej diagnozy: kto mieszka, jakie usługi są przeciążone, kto już pomaga. "
                "Potem wybierzcie 2–3 priorytety i zaproście NGO do zespołu.",
            ),
        ],
        1,
    ),
    (
        "koordynatorzy-integracji",
        Topic.Kind.DISCUSSION,
        "Wymiana: lokalne zespoły ds. integracji – kto w nich zasiada?",
        COORDINATOR,
        [
            (
                COORDINATOR,
                "U nas: MOPS, oświata, urząd pracy, dwie organizacje i przedstawicielka społeczności ukraińskiej.",
            ),
            (NGO, "Warto zaprosić też szkoły – dyrektorzy wiedzą najwięcej o rodzinach."),
        ],
        None,
    ),
    (
        "zakwaterowanie-zbiorowe",
        Topic.Kind.QUESTION,
        "Jak przygotować mieszkańców obiektu zbiorowego na jego zamknięcie?",
        COORDINATOR,
        [
            (
                COORDINATOR,
                "Wojewoda zapowiedział zamknięcie obiektu za trzy miesiące. Mieszka tam 40 osób, w tym seniorzy.",
            ),
            (
                NGO,
                "Z naszego monitoringu: indywidualne plany przeprowadzki, kontakt z agencjami najmu, "
                "wsparcie w załatwieniu świadczeń. Najtrudniej jest z osobami z niepełnosprawnościami.",
            ),
        ],
        1,
    ),
]

OFFERS = [
    (
        "Fundacja Wspólny Dom",
        Offer.Kind.OFFER,
        "Oferujemy tłumaczy języka ukraińskiego",
        "Zespół tłumaczy i tłumaczek języka ukraińskiego i rosyjskiego dla urzędów, szkół i "
        "ośrodków pomocy społecznej: dyżury, tłumaczenie pism, spotkania z mieszkańcami.",
        "komunikacja",
    ),
    (
        "Fundacja Wspólny Dom",
        Offer.Kind.OFFER,
        "Mamy sale na szkolenia w Warszawie",
        "Dwie sale (20 i 40 osób) z rzutnikiem, dostępne dla architektury bez barier – "
        "bezpłatnie dla partnerów projektów integracyjnych.",
        "wspolpraca-samorzad-ngo",
    ),
    (
        "Urząd Miasta Lublin",
        Offer.Kind.NEED,
        "Szukamy partnera NGO do projektu integracyjnego",
        "Miasto przygotowuje wniosek do programu FAMI i szuka organizacji z doświadczeniem w "
        "pracy z dziećmi z doświadczeniem migracji.",
        "integracja-lokalna",
    ),
    (
        "Starostwo Powiatowe w Przemyślu",
        Offer.Kind.NEED,
        "Potrzebujemy mediatorów kulturowych w szkołach",
        "Szkoły powiatu szukają asystentów międzykulturowych i mediatorów, także na część etatu.",
        "komunikacja",
    ),
    (
        "Mazowiecki Urząd Wojewódzki",
        Offer.Kind.OFFER,
        "Szkolenie o końcu ochrony czasowej dla gmin",
        "Prowadzimy bezpłatne szkolenia dla pracowników gmin o zmianach w przepisach dotyczących "
        "obywateli Ukrainy.",
        "ochrona-miedzynarodowa",
    ),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _communities() -> dict[str, Space]:
    spaces = {}
    moderator = _user(TRAINER)
    for slug, title, description in COMMUNITIES:
        space = Space.objects.filter(slug=slug).first() or community_create(
            title=title, description=description, slug=slug
        )
        if moderator:
            space.moderators.add(moderator)
        for email in (COORDINATOR, NGO, TRAINER, LEARNER):
            user = _user(email)
            if user:
                CommunityMember.objects.get_or_create(space=space, user=user)
                Follow.objects.get_or_create(space=space, user=user)
        spaces[slug] = space
    return spaces


def _thread(space: Space, kind, title, author_email, posts, accepted) -> Topic | None:
    topic = Topic.objects.filter(space=space, title=title).first()
    if topic is not None:
        return topic
    author = _user(author_email)
    start = timezone.now() - timedelta(days=len(posts) + 3)
    topic = Topic.objects.create(
        space=space, kind=kind, title=title, author=author, created_at=start, last_post_at=start
    )
    created = []
    for number, (email, body) in enumerate(posts):
        when = start + timedelta(hours=5 * number + 1)
        created.append(
            Post.objects.create(
                topic=topic, author=_user(email), body=clean_body(f"<p>{body}</p>"), created_at=when
            )
        )
        Topic.objects.filter(pk=topic.pk).update(last_post_at=when)
    Topic.objects.filter(pk=topic.pk).update(
        post_count=len(created),
        accepted_post=created[accepted] if accepted is not None else None,
    )
    if len(created) > 1:
        Post.objects.filter(pk=created[1].pk).update(helpful_count=2)
    for email in {email for email, _body in posts}:
        user = _user(email)
        if user:
            Follow.objects.get_or_create(user=user, topic=topic)
    return topic


def seed(stdout) -> None:
    spaces = _communities()
    for course in Course.objects.filter(status=Course.Status.PUBLISHED):
        spaces[course.slug] = course_space_ensure(course)
    for organisation in Organisation.objects.approved():
        organisation_space_ensure(organisation)
    topics = [
        _thread(spaces[key], kind, title, author, posts, accepted)
        for key, kind, title, author, posts, accepted in THREADS
        if key in spaces
    ]
    for topic in topics:
        if topic is not None:
            topic_index(topic.pk)
    coordinator = _user(COORDINATOR)
    for name, kind, title, body, topic_slug in OFFERS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            continue
        profile, _created = PartnerProfile.objects.get_or_create(organisation=organisation)
        topic = CourseTopic.objects.filter(slug=topic_slug).first()
        if topic:
            profile.topics.add(topic)
        if not profile.description:
            profile.description = f"{organisation.name} – {organisation.get_kind_display()}."
            profile.save()
        offer = Offer.objects.filter(organisation=organisation, title=title).first()
        if offer is None:
            offer = Offer.objects.create(
                organisation=organisation,
                kind=kind,
                title=title,
                body=body,
                topic=topic,
                author=coordinator if organisation.name == "Urząd Miasta Lublin" else None,
                expires_at=timezone.now() + timedelta(days=90),
            )
        elif offer.expires_at < timezone.now():
            Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() + timedelta(days=90))
        offer_index(offer.pk)
    stdout.write(
        f"Community: {Space.objects.count()} spaces, {Topic.objects.count()} topics, "
        f"{Offer.objects.count()} offers and needs (/community/)."
    )
