"""Personal data held by ``academy``: the account itself, organisations and memberships."""

from __future__ import annotations

from privacy.helpers import export_by, unlink
from privacy.registry import LegalBasis, PersonalData, register

USER_FIELDS = (
    "email",
    "full_name",
    "short_name",
    "job_title",
    "preferred_language",
    "date_joined",
    "last_login",
)


def export_user(user):
    from .models import User

    return export_by("academy.User", ("pk",), USER_FIELDS)(User.objects.get(pk=user.pk))


def erase_user_row(user) -> None:
    """The account becomes "deleted user": no name, no address, no way to sign in."""
    from privacy import conf
    from privacy.erasure import erased_email

    user.full_name = conf.get("PRIVACY_ERASED_NAME")
    user.short_name = ""
    user.job_title = ""
    user.email = erased_email(user)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.user_permissions.clear()


def erase_organisations(user) -> None:
    from .models import Organisation

    unlink(Organisation, user, "requested_by")


def erase_memberships(user) -> None:
    # Memberships stay (the organisation's statistics count the anonymised person);
    # who approved someone else is forgotten.
    from .models import Membership

    unlink(Membership, user, "decided_by")


register(
    PersonalData(
        model="academy.User",
        user_fields=(),
        fields=USER_FIELDS,
        purpose=(
            "The account: signing in, certificates printed with the name, the interface language"
        ),
        legal_basis=LegalBasis.CONTRACT,
        retention=(
            "As long as the account is used; anonymised on request (after 14 days) or after "
            "3 years without signing in"
        ),
        export=export_user,
        erase=erase_user_row,
    )
)
register(
    PersonalData(
        model="academy.Organisation",
        user_fields=("requested_by",),
        fields=("name", "requested_by", "created_at"),
        purpose="Who asked for an organisation to be added",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="The link to the person is removed on erasure",
        export=export_by(
            "academy.Organisation", ("requested_by",), ("name", "requested_by", "created_at")
        ),
        erase=erase_organisations,
    )
)
register(
    PersonalData(
        model="academy.Membership",
        user_fields=("user", "decided_by"),
        fields=("organisation", "role", "status", "decided_by", "decided_at", "created_at"),
        purpose="A person's place in their organisation, seen by its coordinators",
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention=(
            "As long as the account exists; after erasure it counts an anonymous person in "
            "the organisation's statistics"
        ),
        export=export_by(
            "academy.Membership",
            ("user", "decided_by"),
            ("organisation", "role", "status", "decided_by", "decided_at", "created_at"),
        ),
        erase=erase_memberships,
    )
)
