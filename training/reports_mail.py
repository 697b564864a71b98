"""Coordinators' scheduled reports: an email with a summary and an XLSX of their
organisation's assigned training. The daily job enqueues one task per subscription due;
each task queues the email (background/mail.py), whose attachment is built when sent."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from academy.models import Organisation
from background.durable import durable_task
from background.mail import email_queue, for_user
from courses.models import Enrollment

from . import selectors
from .models import ReportSubscription
from .services import absolute, assignment_counts
from .xlsx import XLSX, write_xlsx


def is_due(subscription: ReportSubscription, today: date) -> bool:
    last = subscription.last_sent_on
    if last is not None and last >= today:
        return False
    if subscription.frequency == ReportSubscription.Frequency.WEEKLY:
        return last is None or (today - last).days >= 7
    return last is None or (last.year, last.month) != (today.year, today.month)


def scheduled_reports_send(*, today: date | None = None) -> int:
    """Enqueue a report task for every subscription due today. Returns how many."""
    today = today or timezone.localdate()
    due = [
        s.pk
        for s in ReportSubscription.objects.filter(user__is_active=True).only(
            "frequency", "last_sent_on"
        )
        if is_due(s, today)
    ]
    for pk in due:
        transaction.on_commit(lambda pk=pk: send_report.enqueue(pk, today.isoformat()))
    return len(due)


@durable_task(max_attempts=3)
def send_report(subscription_id: int, day: str) -> str:
    return report_send(subscription_id=subscription_id, today=date.fromisoformat(day))


STATE_LABELS = {
    selectors.ON_TRACK: lambda: _("On track"),
    selectors.DUE_SOON: lambda: _("Due soon"),
    selectors.OVERDUE: lambda: _("Overdue"),
    selectors.COMPLETED: lambda: _("Completed"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS[state]())


@transaction.atomic
def report_send(*, subscription_id: int, today: date) -> str:
    subscription = (
        ReportSubscription.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or not is_due(subscription, today):
        return "skipped"
    user, organisation = subscription.user, subscription.organisation
    with for_user(user):
        totals = {"people": 0, "completed": 0, "overdue": 0, "due_soon": 0, "on_track": 0}
        for assignment in assignment_counts(selectors.assignments_of(organisation)):
            for key in totals:
                totals[key] += getattr(assignment, key)
        context = {
            "organisation": organisation,
            "totals": totals,
            "frequency": subscription.get_frequency_display(),
            "url": absolute(reverse("training:coordinator")),
        }
        subject = _("Training report: %(organisation)s") % {"organisation": organisation.name}
        text = render_to_string("training/email/report.txt", context)
        filename = pgettext("file name", "training-report") + f"-{today:%Y-%m-%d}.xlsx"
    email_queue(
        key=f"training-report:{subscription.pk}:{today:%Y-%m-%d}",
        to=user.email,
        recipient=user,
        subject=subject,
        text=text,
        reason=_("You receive this because you subscribed to your organisation's training report."),
        unsubscribe_url=absolute(reverse("training:subscription")),
        attachments=[
            {
                "function": "training.reports_mail.report_attachments",
                "kwargs": {"organisation_id": organisation.pk, "filename": filename},
            }
        ],
    )
    subscription.last_sent_on = today
    subscription.save(update_fields=["last_sent_on"])
    return "sent"


def report_rows(organisation: Organisation):
    """The rows of the organisation's training report, streamed from one query."""
    percent = Enrollment.objects.filter(
        user_id=OuterRef("user_id"), course_id=OuterRef("assignment__course_id")
    ).values("percent")[:1]
    rows = selectors.assignee_rows(organisation).annotate(percent=Subquery(percent))
    for row in rows.iterator(chunk_size=2000):
        person = row.user or row.invitation
        yield [
            person.full_name,
            person.email,
            getattr(person, "job_title", ""),
            row.assignment.title,
            row.due_on,
            state_label(row.state),
            (row.percent or 0) / 100 if row.user_id else None,
            timezone.localtime(row.completed_at) if row.completed_at else None,
            "" if row.user_id else _("Invited"),
        ]


def report_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Job title"),
        _("Course or path"),
        _("Due date"),
        _("State"),
        _("Progress"),
        _("Completed on"),
        _("Note"),
    ]


def report_xlsx(organisation: Organisation) -> bytes:
    return write_xlsx(
        sheets=[(_("Training"), report_header(), report_rows(organisation), {6: "percent"})]
    )


def report_attachments(*, organisation_id: int, filename: str) -> list[tuple[str, bytes, str]]:
    organisation = Organisation.objects.get(pk=organisation_id)
    return [(filename, report_xlsx(organisation), XLSX)]
