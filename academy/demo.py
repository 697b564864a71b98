"""Demo people and organisations for ``seed_demo``. Idempotent."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import TRAINERS_GROUP, Membership, Organisation, User

DEMO_PASSWORD = "academy-demo-2026"
# A fixed TOTP secret so the demo admin can sign in; never used outside the demo.
DEMO_STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ORGANISATIONS = [
    ("Urząd Miasta Lublin", Organisation.Kind.MUNICIPALITY, "lubelskie", "0663011"),
    ("Starostwo Powiatowe w Przemyślu", Organisation.Kind.COUNTY_OFFICE, "podkarpackie", ""),
    ("Mazowiecki Urząd Wojewódzki", Organisation.Kind.VOIVODESHIP_OFFICE, "mazowieckie", ""),
    ("Fundacja Wspólny Dom", Organisation.Kind.NGO, "mazowieckie", ""),
]

PEOPLE = [
    # email, full name, job title, organisation index, role, staff, trainer, language
    (
        "staff@academy.example",
        "Ewa Administratorka",
        "Administratorka platformy",
        None,
        None,
        True,
        True,
        "pl",
    ),
    (
        "trainer@academy.example",
        "dr Katarzyna Wiśniewska",
        "Trenerka, prawo migracyjne",
        3,
        "member",
        False,
        True,
        "pl",
    ),
    (
        "coordinator@academy.example",
        "Marek Zieliński",
        "Kierownik wydziału spraw społecznych",
        0,
        "coordinator",
        False,
        False,
        "pl",
    ),
    (
        "learner@academy.example",
        "Anna Kowalczyk",
        "Specjalistka ds. integracji",
        0,
        "member",
        False,
        False,
        "pl",
    ),
    (
        "ngo@academy.example",
        "Olena Shevchenko",
        "Соціальна працівниця",
        3,
        "member",
        False,
        False,
        "uk",
    ),
    (
        "official@academy.example",
        "Piotr Nowak",
        "Civil registry clerk",
        1,
        "member",
        False,
        False,
        "en",
    ),
    (
        "newcomer@academy.example",
        "Zofia Mazur",
        "Pracownica socjalna",
        0,
        "member_pending",
        False,
        False,
        "pl",
    ),
]


def seed(stdout) -> dict:
    organisations = []
    for name, kind, voivodeship, teryt in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            voivodeship=voivodeship,
            defaults={"kind": kind, "teryt": teryt, "is_approved": True},
        )
        organisations.append(organisation)
    trainers, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    people = {}
    for email, name, title, org_index, role, staff, trainer, language in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        user.full_name, user.job_title, user.preferred_language = name, title, language
        user.is_staff = user.is_superuser = staff
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if trainer:
            user.groups.add(trainers)
        if org_index is not None:
            pending = role == "member_pending"
            Membership.objects.update_or_create(
                user=user,
                organisation=organisations[org_index],
                defaults={
                    "role": Membership.Role.COORDINATOR
                    if role == "coordinator"
                    else Membership.Role.MEMBER,
                    "status": Membership.Status.PENDING if pending else Membership.Status.APPROVED,
                },
            )
        if staff:
            _ensure_totp(user)
        people[email] = user
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, name, _title, _org, role, staff, trainer, _lang in PEOPLE:
        what = "staff" if staff else "trainer" if trainer else (role or "member").replace("_", " ")
        stdout.write(f"  {email:32} {what:18} {name}")
    stdout.write(
        f"  Staff two-factor secret (add to an authenticator app): {DEMO_STAFF_TOTP_SECRET}"
    )
    return {"organisations": organisations, "people": people}


def _ensure_totp(user: User) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_STAFF_TOTP_SECRET)
