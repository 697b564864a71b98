"""The people of the academy.

- **User**: one person, identified by email. ``full_name`` is printed on certificates
  exactly as entered; ``preferred_language`` drives the interface and emails.
- **Organisation**: a municipality, county or voivodeship office, public institution or
  NGO. Organisations requested at signup wait for staff approval (``is_approved``).
- **Membership**: a person's place in an organisation, with a role (member or
  coordinator) and a status: people who join an organisation wait until one of its
  coordinators (or staff) approves them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TRAINERS_GROUP = "Trainers"


class AcademyUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def with_roles(self):
        """Users with the two roles the site shell asks about on every page, read in the
        same query (see academy.backends): ``is_trainer`` and ``is_coordinator``."""
        return self.annotate(
            _in_trainers=models.Exists(
                self.model.groups.through.objects.filter(
                    user_id=models.OuterRef("pk"), group__name=TRAINERS_GROUP
                )
            ),
            _coordinates=models.Exists(
                Membership.objects.filter(
                    user_id=models.OuterRef("pk"),
                    role=Membership.Role.COORDINATOR,
                    status=Membership.Status.APPROVED,
                )
            ),
        )


# Academic and courtesy titles people put before their names (Polish, English, Ukrainian).
NAME_TITLES = frozenset(
    {
        "dr",
        "hab",
        "prof",
        "mgr",
        "inż",
        "lek",
        "ks",
        "pan",
        "pani",
        "mr",
        "mrs",
        "ms",
        "mx",
        "sir",
        "др",
        "проф",
        "пан",
        "пані",
        "докт",
    }
)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        help_text=_("As it should be printed on your certificates."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_(
            "How the academy greets you, e.g. your given name. Leave empty to use the first name in your full name."
        ),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = AcademyUserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The chosen short name, else the first word of the full name that is not a title
        ("dr Katarzyna Wiśniewska" is greeted as "Katarzyna")."""
        if self.short_name:
            return self.short_name
        words = [
            word
            for word in self.full_name.split()
            if word.casefold().rstrip(".") not in NAME_TITLES
        ]
        return words[0] if words else (self.full_name or self.email)

    @property
    def is_trainer(self) -> bool:
        """Members of the Trainers group may create courses."""
        cache = getattr(self, "_is_trainer", None)
        if cache is None:
            in_group = getattr(self, "_in_trainers", None)
            if in_group is None:
                in_group = self.groups.filter(name=TRAINERS_GROUP).exists()
            cache = self._is_trainer = self.is_staff or in_group
        return cache


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", "dolnośląskie"
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", "kujawsko-pomorskie"
    LUBELSKIE = "lubelskie", "lubelskie"
    LUBUSKIE = "lubuskie", "lubuskie"
    LODZKIE = "lodzkie", "łódzkie"
    MALOPOLSKIE = "malopolskie", "małopolskie"
    MAZOWIECKIE = "mazowieckie", "mazowieckie"
    OPOLSKIE = "opolskie", "opolskie"
    PODKARPACKIE = "podkarpackie", "podkarpackie"
    PODLASKIE = "podlaskie", "podlaskie"
    POMORSKIE = "pomorskie", "pomorskie"
    SLASKIE = "slaskie", "śląskie"
    SWIETOKRZYSKIE = "swietokrzyskie", "świętokrzyskie"
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", "warmińsko-mazurskie"
    WIELKOPOLSKIE = "wielkopolskie", "wielkopolskie"
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", "zachodniopomorskie"


class OrganisationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_approved=True)


def organisation_name_key(name: str) -> str:
    """Case- and spacing-insensitive form of a name, so "URZĄD  Gminy" matches "Urząd gminy"
    on every database (SQLite only folds ASCII case)."""
    return " ".join(name.split()).casefold()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality (gmina)")
        COUNTY_OFFICE = "county_office", _("County office (powiat)")
        VOIVODESHIP_OFFICE = "voivodeship_office", _("Voivodeship office")
        PUBLIC_INSTITUTION = "public_institution", _("Other public institution")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(
        max_length=200, editable=False, verbose_name=_("name for duplicate checks")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    voivodeship = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    teryt = models.CharField(_("TERYT code"), max_length=7, blank=True)
    krs = models.CharField(_("KRS number"), max_length=10, blank=True)
    is_approved = models.BooleanField(_("approved"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "voivodeship"], name="organisation_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(teryt="") | Q(teryt__regex=r"^[0-9]{7}$"),
                name="organisation_teryt_digits",
            ),
            models.CheckConstraint(
                condition=Q(krs="") | Q(krs__regex=r"^[0-9]{10}$"), name="organisation_krs_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = organisation_name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Membership.Status.APPROVED)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def coordinated_by(self, user):
        """Memberships in organisations where ``user`` is an approved coordinator."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            organisation__memberships__user=user,
            organisation__memberships__role=Membership.Role.COORDINATOR,
            organisation__memberships__status=Membership.Status.APPROVED,
        ).distinct()


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR and self.status == self.Status.APPROVED
