"""Trainer views: create and edit workshops and sessions, bookings and the waiting list,
cancel a session, message participants, roll call, QR, imports and exports."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.permissions import editable_modules

from . import attendance, exports, notices, selectors, services
from . import booking as booking_service
from .forms import CancelSessionForm, ImportForm, MessageForm, SessionForm, WorkshopForm
from .models import Booking, Feedback, Session
from .permissions import manageable_sessions, manageable_workshops


def _workshop(request, pk):
    return get_object_or_404(
        manageable_workshops(request.user).select_related("item__course"), pk=pk
    )


def _session(request, pk) -> Session:
    return get_object_or_404(manageable_sessions(request.user).select_related("workshop"), pk=pk)


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, module_id: int | None = None) -> HttpResponse:
    module = None
    if module_id is not None:
        module = get_object_or_404(
            editable_modules(request.user).select_related("course"), pk=module_id
        )
    elif not request.user.is_trainer:
        return HttpResponse(status=404)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(
                module=module, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Workshop created. Now add its sessions."))
            return redirect("workshops:session_new", pk=workshop.pk)
    return render(request, "workshops/studio/workshop_form.html", {"form": form, "module": module})


@require_http_methods(["GET", "POST"])
def studio(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk)
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        services.workshop_update(workshop=workshop, **form.cleaned_data)
        messages.success(request, _("Workshop saved."))
        return redirect("workshops:studio", pk=pk)
    sessions = list(selectors.with_counts(workshop.sessions.all()).prefetch_related("blocks"))
    return render(
        request,
        "workshops/studio/workshop.html",
        {"workshop": workshop, "form": form, "sessions": sessions},
    )


@require_GET
def studio_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_trainer:
        return HttpResponse(status=404)
    workshops = (
        manageable_workshops(request.user)
        .annotate(n=Count("sessions"))
        .order_by("title", "pk")[:200]  # GROUP BY drops Meta.ordering
    )
    return render(request, "workshops/studio/list.html", {"workshops": workshops})


@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = services.session_create(
            workshop=workshop,
            blocks=form.cleaned_data["blocks"],
            room_capacity=form.cleaned_data["room_capacity"],
            online_capacity=form.cleaned_data["online_capacity"],
            trainers=[request.user],
            **form.session_fields(),
        )
        messages.success(request, _("Session saved."))
        return redirect("workshops:session_bookings", pk=session.pk)
    return render(
        request, "workshops/studio/session_form.html", {"form": form, "workshop": workshop}
    )


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=Session.objects.get(pk=session.pk),
                blocks=form.cleaned_data["blocks"],
                room_capacity=form.cleaned_data["room_capacity"],
                online_capacity=form.cleaned_data["online_capacity"],
                actor=request.user,
                **form.session_fields(),
            )
        except booking_service.CapacityError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Session saved."))
            return redirect("workshops:session_bookings", pk=pk)
    return render(
        request,
        "workshops/studio/session_form.html",
        {"form": form, "workshop": session.workshop, "session": session},
    )


@require_GET
def session_bookings(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    bookings = selectors.session_bookings(session)
    feedback = Feedback.objects.filter(booking__session=session).aggregate(
        n=Count("pk"), avg=Avg("rating")
    )
    return render(
        request,
        "workshops/studio/bookings.html",
        {
            "session": session,
            "workshop": session.workshop,
            "bookings": [b for b in bookings if b.status != Booking.Status.WAITLISTED],
            "waiting": sorted(
                (b for b in bookings if b.status == Booking.Status.WAITLISTED),
                key=lambda b: (b.waiting_since, b.pk),
            ),
            "taken": booking_service.seats_taken(session),
            "cancel_form": CancelSessionForm(),
            "message_form": MessageForm(),
            "import_form": ImportForm(),
            "feedback": feedback,
            "comments": Feedback.objects.filter(booking__session=session)
            .exclude(comment="")
            .values_list("rating", "comment")[:50],
        },
    )


@require_POST
def booking_action(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(
        Booking.objects.filter(session__in=manageable_sessions(request.user)), pk=pk
    )
    action = request.POST.get("action", "")
    try:
        if action == "approve" or action == "decline":
            booking_service.booking_decide(
                booking=booking, actor=request.user, approve=action == "approve"
            )
        elif action == "promote":
            booking_service.booking_promote(booking=booking, actor=request.user)
        elif action == "first":
            booking_service.booking_move_first(booking=booking, actor=request.user)
        elif action == "cancel":
            booking_service.booking_cancel(
                booking=booking, actor=request.user, reason=_("cancelled by the trainer")
            )
        else:
            messages.error(request, _("Unknown action."))
            return redirect("workshops:session_bookings", pk=booking.session_id)
        messages.success(request, _("Saved."))
    except booking_service.BookingError as error:
        messages.error(request, error.message)
    return redirect("workshops:session_bookings", pk=booking.session_id)


@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = CancelSessionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        count = booking_service.session_cancel(session=session, actor=request.user, reason=reason)
        messages.success(
            request,
            _("The session is cancelled; %(count)d participants were told.") % {"count": count},
        )
    except booking_service.BookingError as error:
        messages.error(request, error.message)
    return redirect("workshops:session_bookings", pk=pk)


@require_POST
def session_message(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        user_ids = list(
            Booking.objects.filter(session=session, status__in=Booking.ACTIVE).values_list(
                "user_id", flat=True
            )
        )
        count = notices.message_participants(
            session=session,
            user_ids=user_ids,
            text=form.cleaned_data["text"],
            stamp=timezone.now().isoformat(),
        )
        messages.success(request, _("Message sent to %(count)d participants.") % {"count": count})
    else:
        messages.error(request, _("Write a message first."))
    return redirect("workshops:session_bookings", pk=pk)


@require_http_methods(["GET", "POST"])
def rollcall(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if request.method == "POST":
        bulk = request.POST.get("bulk", "")
        rows = Booking.objects.filter(session=session).values_list("pk", flat=True)
        marks = {}
        for booking_id in rows:
            value = (
                bulk
                if bulk in Booking.Attendance.values
                else request.POST.get(f"mark-{booking_id}", "")
            )
            if value in Booking.Attendance.values:
                marks[booking_id] = value
        count = attendance.rollcall_set(session=session, marks=marks, actor=request.user)
        if request.POST.get("confirm"):
            attendance.attendance_confirm(session=session, actor=request.user)
            messages.success(request, _("Attendance confirmed."))
        else:
            messages.success(request, _("Roll call saved (%(count)d changed).") % {"count": count})
        return redirect("workshops:rollcall", pk=pk)
    rows = selectors.rollcall(session)
    return render(
        request,
        "workshops/studio/rollcall.html",
        {
            "session": session,
            "workshop": session.workshop,
            "rows": rows,
            "marks": Booking.Attendance.choices,
        },
    )


@require_POST
def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid() or form.cleaned_data["file"].size > 2_000_000:
        messages.error(request, _("Choose a CSV file (at most 2 MB)."))
        return redirect("workshops:rollcall", pk=pk)
    try:
        result = attendance.csv_import(
            session=session, data=form.cleaned_data["file"].read(), actor=request.user
        )
    except attendance.AttendanceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Imported %(imported)d rows; %(unknown)d addresses without a booking.")
            % {"imported": result["imported"], "unknown": len(result["unknown"])},
        )
    return redirect("workshops:rollcall", pk=pk)


@require_GET
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    token = attendance.checkin_token(session)
    url = request.build_absolute_uri(reverse("workshops:checkin", kwargs={"token": token}))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=8, xmldecl=False, svgns=True, title=_("Check-in code")
    )
    return render(
        request,
        "workshops/studio/qr.html",
        {
            "session": session,
            "workshop": session.workshop,
            "svg": buffer.getvalue().decode(),
            "url": url,
        },
    )


def _trainers(session) -> list[str]:
    names = [str(u) for u in session.trainers.all()]
    if not names and session.workshop.item_id:
        names = [str(u) for u in session.workshop.item.course.trainers.all()]
    return names


@require_GET
def attendance_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    data = exports.attendance_pdf(session, selectors.rollcall(session), _trainers(session))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lista-obecnosci-{session.pk}.pdf"'
    return response


@require_GET
def attendance_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    data = exports.attendance_xlsx(session, selectors.rollcall(session))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{session.pk}.xlsx"'
    return response
