"""Personal data held by ``h5p``: attempts, results, xAPI statements, saved state."""

from __future__ import annotations

from privacy.helpers import delete_by, export_by, unlink
from privacy.registry import LegalBasis, PersonalData, register

ATTEMPT_FIELDS = (
    "activity",
    "number",
    "raw_score",
    "max_score",
    "scaled",
    "success",
    "completion",
    "duration",
    "verb",
    "created_at",
)
RESULT_FIELDS = (
    "activity",
    "attempt",
    "object_id",
    "description",
    "interaction_type",
    "response",
    "raw_score",
    "max_score",
    "success",
    "created_at",
)
STATEMENT_FIELDS = ("activity", "attempt", "verb", "raw_score", "success", "raw", "created_at")
FREE_TEXT_INTERACTIONS = ("fill-in", "long-fill-in", "other")


def erase_results(user) -> None:
    from .models import Result

    Result.objects.filter(user=user, interaction_type__in=FREE_TEXT_INTERACTIONS).update(
        response=""
    )


def erase_statements(user) -> None:
    # The raw xAPI statement names the actor (name, mailbox); scores stay.
    from .models import Statement

    Statement.objects.filter(user=user).update(raw={})


def erase_errors(user) -> None:
    from .models import ActivityError

    unlink(ActivityError, user, "user")


def erase_library_approval(user) -> None:
    from .models import Library

    unlink(Library, user, "approved_by")


def erase_activity_upload(user) -> None:
    from .models import Activity

    unlink(Activity, user, "uploaded_by")


def _keep(user) -> None:
    return None


register(
    PersonalData(
        model="h5p.Library",
        user_fields=("approved_by",),
        fields=("machine_name", "approved_by", "approved_at"),
        purpose="Which staff member approved an H5P library",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="As long as the library is installed; unlinked on erasure",
        export=export_by(
            "h5p.Library", ("approved_by",), ("machine_name", "approved_by", "approved_at")
        ),
        erase=erase_library_approval,
    )
)
register(
    PersonalData(
        model="h5p.Activity",
        user_fields=("uploaded_by",),
        fields=("title", "uploaded_by", "created_at"),
        purpose="Who uploaded an H5P activity",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="As long as the activity exists; unlinked on erasure",
        export=export_by("h5p.Activity", ("uploaded_by",), ("title", "uploaded_by", "created_at")),
        erase=erase_activity_upload,
    )
)
register(
    PersonalData(
        model="h5p.ActivityError",
        user_fields=("user",),
        fields=("activity", "phase", "library", "message", "created_at"),
        purpose="Errors an H5P activity reported in a learner's browser",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="Unlinked from the person on erasure",
        export=export_by(
            "h5p.ActivityError",
            ("user",),
            ("activity", "phase", "library", "message", "created_at"),
        ),
        erase=erase_errors,
    )
)
register(
    PersonalData(
        model="h5p.Attempt",
        user_fields=("user",),
        fields=ATTEMPT_FIELDS,
        purpose="H5P activity attempts and their scores",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; anonymised on erasure (kept for statistics)",
        export=export_by("h5p.Attempt", ("user",), ATTEMPT_FIELDS),
        erase=_keep,
    )
)
register(
    PersonalData(
        model="h5p.Result",
        user_fields=("user",),
        fields=RESULT_FIELDS,
        purpose="Answers to the questions inside H5P activities",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; typed answers are removed on erasure",
        export=export_by("h5p.Result", ("user",), RESULT_FIELDS),
        erase=erase_results,
    )
)
register(
    PersonalData(
        model="h5p.Statement",
        user_fields=("user",),
        fields=STATEMENT_FIELDS,
        purpose="xAPI statements sent by H5P activities",
        legal_basis=LegalBasis.CONTRACT,
        retention="The raw statement is kept 1 year, then emptied; emptied on erasure",
        export=export_by("h5p.Statement", ("user",), STATEMENT_FIELDS),
        erase=erase_statements,
    )
)
register(
    PersonalData(
        model="h5p.SavedState",
        user_fields=("user",),
        fields=("activity", "data", "updated_at"),
        purpose="Where a learner left off in an H5P activity",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; deleted on erasure",
        export=export_by("h5p.SavedState", ("user",), ("activity", "data", "updated_at")),
        erase=delete_by("h5p.SavedState"),
    )
)
