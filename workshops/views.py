"""Learner views: upcoming workshops, a workshop's sessions, booking, the calendar feed,
QR check-in and the meeting platform's webhook. Thin: fetch through the permission
filters (missing and forbidden are the same 404), call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from academy import safe_input

from . import attendance, selectors
from . import booking as booking_service
from .forms import BookForm, FeedbackForm, UpcomingFilter
from .models import Booking, CalendarToken, Feedback, Session, Workshop
from .permissions import can_manage_workshop, own_bookings, visible_workshops


@login_not_required
@require_GET
def upcoming(request: HttpRequest) -> HttpResponse:
    form = UpcomingFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    workshops = selectors.upcoming(
        request.user,
        voivodeship=filters.get("voivodeship", ""),
        mode=filters.get("mode", ""),
        day_from=filters.get("date_from"),
        day_to=filters.get("date_to"),
    )[:100]
    return render(request, "workshops/upcoming.html", {"form": form, "workshops": workshops})


@login_not_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_object_or_404(
        visible_workshops(request.user).select_related("item__course"), pk=pk
    )
    sessions = selectors.sessions_for_user(workshop, request.user)
    attended = any(
        s.my_booking and s.my_booking.status in (Booking.Status.ATTENDED, Booking.Status.PARTLY)
        for s in sessions
    )
    return render(
        request,
        "workshops/detail.html",
        {
            "workshop": workshop,
            "sessions": sessions,
            "attended": attended,
            "can_manage": can_manage_workshop(request.user, workshop),
            "staff": list(_staff_of(request.user)[:500]),
            "book_form": BookForm(),
            "feedback_form": FeedbackForm(),
        },
    )


def _back(booking_or_session) -> HttpResponse:
    session = getattr(booking_or_session, "session", booking_or_session)
    return redirect("workshops:detail", pk=session.workshop_id)


def _staff_of(user):
    """The people a coordinator may book (approved members of their organisations)."""
    from django.contrib.auth import get_user_model

    from academy.models import Membership

    if not user.is_authenticated:
        return get_user_model().objects.none()
    members = Membership.objects.coordinated_by(user).approved().values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=members)
        .exclude(pk=user.pk)
        .order_by("full_name", "email")
    )


@require_POST
def book_for(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator books a member of their organisation (no approval needed)."""
    session = get_object_or_404(
        Session.objects.filter(workshop__in=visible_workshops(request.user)), pk=pk
    )
    person_id = request.POST.get("person", "")
    person = (
        _staff_of(request.user).filter(pk=int(person_id)).first()
        if safe_input.is_id(person_id)
        else None
    )
    seat = request.POST.get("seat", "")
    if person is None or seat not in Booking.Seat.values:
        messages.error(request, _("Choose a member of your organisation and a place."))
        return _back(session)
    try:
        result = booking_service.booking_request(
            session=session, user=person, seat=seat, actor=request.user
        )
    except booking_service.BookingError as error:
        messages.error(request, error.message)
        return _back(session)
    messages.success(
        request,
        _("%(person)s: %(status)s.") % {"person": person, "status": result.get_status_display()},
    )
    return _back(session)


def _requests_for(user):
    """Requests a coordinator decides: their members' bookings for workshops approved by
    the organisation's coordinator."""
    from academy.models import Membership

    if not user.is_authenticated:
        return Booking.objects.none()
    members = Membership.objects.coordinated_by(user).approved().values("user_id")
    return Booking.objects.filter(
        status=Booking.Status.REQUESTED,
        session__workshop__approval=Workshop.Approval.COORDINATOR,
        user_id__in=members,
    )


@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest) -> HttpResponse:
    """The coordinator's list of booking requests to approve or decline."""
    if request.method == "POST":
        booking_id = request.POST.get("booking", "")
        booking = (
            _requests_for(request.user).filter(pk=int(booking_id)).first()
            if safe_input.is_id(booking_id)
            else None
        )
        if booking is None:
            raise Http404
        try:
            booking_service.booking_decide(
                booking=booking, actor=request.user, approve=request.POST.get("action") == "approve"
            )
            messages.success(request, _("Saved."))
        except booking_service.BookingError as error:
            messages.error(request, error.message)
        return redirect("workshops:requests")
    rows = _requests_for(request.user).select_related("user", "session__workshop")[:200]
    return render(request, "workshops/requests.html", {"rows": rows})


@require_POST
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator holds places in a session for their organisation."""
    from academy.models import Membership

    session = get_object_or_404(
        Session.objects.filter(workshop__in=visible_workshops(request.user)), pk=pk
    )
    membership = (
        Membership.objects.filter(
            user=request.user, role=Membership.Role.COORDINATOR, status=Membership.Status.APPROVED
        )
        .select_related("organisation")
        .first()
    )
    seats = request.POST.get("seats", "")
    seat = request.POST.get("seat", "")
    if membership is None:
        raise Http404
    if (
        not (seats.isascii() and seats.isdecimal() and len(seats) < 5)
        or seat not in Booking.Seat.values
    ):
        messages.error(request, _("Give a number of places."))
        return _back(session)
    try:
        booking_service.seat_hold_set(
            session=session,
            organisation=membership.organisation,
            seat=seat,
            seats=int(seats),
            actor=request.user,
        )
        messages.success(request, _("Saved."))
    except booking_service.BookingError as error:
        messages.error(request, error.message)
    return _back(session)


@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        Session.objects.filter(workshop__in=visible_workshops(request.user)), pk=pk
    )
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a place this session offers."))
        return _back(session)
    try:
        result = booking_service.booking_request(
            session=session,
            user=request.user,
            seat=form.cleaned_data["seat"],
            auto_book=form.cleaned_data["auto_book"],
            online_meanwhile=form.cleaned_data["online_meanwhile"],
        )
    except booking_service.BookingError as error:
        messages.error(request, error.message)
        return _back(session)
    text = {
        Booking.Status.BOOKED: _(
            "Your place is booked. The invitation is on its way to your email."
        ),
        Booking.Status.WAITLISTED: _("The session is full: you are on the waiting list."),
        Booking.Status.REQUESTED: _("Your request was sent for approval."),
    }.get(result.status, _("Saved."))
    if result.online_meanwhile:
        text = _(
            "The room is full: you are on its waiting list and have an online place meanwhile."
        )
    messages.success(request, text)
    return _back(session)


def _own(request, pk) -> Booking:
    return get_object_or_404(own_bookings(request.user).select_related("session"), pk=pk)


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own(request, pk)
    try:
        booking = booking_service.booking_cancel(
            booking=booking, actor=request.user, reason=_("cancelled by the participant")
        )
    except booking_service.BookingError as error:
        messages.error(request, error.message)
        return _back(booking)
    if booking.late_cancellation:
        messages.warning(
            request,
            _(
                "Your booking is cancelled. It was after the cancellation deadline, so it is recorded as late."
            ),
        )
    else:
        messages.success(request, _("Your booking is cancelled."))
    return _back(booking)


def _own_action(request: HttpRequest, pk: int, action, success) -> HttpResponse:
    """One of the participant's own booking actions, with its message either way."""
    booking = _own(request, pk)
    try:
        action(booking=booking, user=request.user)
        messages.success(request, success)
    except booking_service.BookingError as error:
        messages.error(request, error.message)
    return _back(booking)


@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _own_action(
        request,
        pk,
        booking_service.booking_claim,
        _("The place is yours. The invitation is on its way to your email."),
    )


@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _own_action(
        request, pk, booking_service.booking_decline_offer, _("You declined the place.")
    )


@require_POST
def meanwhile(request: HttpRequest, pk: int) -> HttpResponse:
    return _own_action(
        request,
        pk,
        booking_service.booking_meanwhile,
        _("You have an online place and keep your place in the queue for the room."),
    )


@require_POST
def meanwhile_release(request: HttpRequest, pk: int) -> HttpResponse:
    return _own_action(
        request,
        pk,
        booking_service.booking_meanwhile_release,
        _("You gave up the online place and keep your place in the queue for the room."),
    )


@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own(request, pk)
    form = FeedbackForm(request.POST)
    if (
        booking.status not in (Booking.Status.ATTENDED, Booking.Status.PARTLY)
        or not form.is_valid()
    ):
        messages.error(request, _("Feedback can be given once you attended the session."))
        return _back(booking)
    Feedback.objects.update_or_create(booking=booking, defaults=form.cleaned_data)
    messages.success(request, _("Thank you for your feedback."))
    return _back(booking)


@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    token = CalendarToken.objects.filter(user=request.user).first()
    if request.method == "POST":
        CalendarToken.objects.filter(user=request.user).delete()
        if request.POST.get("action") != "revoke":
            token = CalendarToken.objects.create(user=request.user)
            messages.success(
                request,
                _("Your calendar address is ready. The old address, if any, no longer works."),
            )
        else:
            token = None
            messages.success(request, _("The calendar address no longer works."))
        return redirect("workshops:calendar")
    feed_url = (
        request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token.token}))
        if token
        else ""
    )
    bookings = (
        own_bookings(request.user)
        .select_related("session__workshop")
        .order_by("-session__starts_at", "-pk")[:100]
    )
    cpd_hours = round(attendance.cpd_minutes(request.user) / 60, 1)
    return render(
        request,
        "workshops/calendar.html",
        {"feed_url": feed_url, "bookings": bookings, "cpd_hours": cpd_hours},
    )


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    from .ics import feed_cached

    found = CalendarToken.objects.select_related("user").filter(token=token[:64]).first()
    if found is None or not found.user.is_active:
        raise Http404
    response = HttpResponse(feed_cached(found.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "workshops/checkin.html", {"token": token})
    try:
        booking = attendance.checkin(token=token, user=request.user)
    except attendance.AttendanceError as error:
        return render(
            request, "workshops/checkin.html", {"token": token, "error": error.message}, status=400
        )
    messages.success(request, _("You are checked in. Welcome!"))
    return _back(booking)


@csrf_exempt
@login_not_required
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    accepted, reason = attendance.webhook_receive(
        body=request.body[:200_000],
        signature=request.headers.get("X-Academy-Signature", ""),
        timestamp=request.headers.get("X-Academy-Timestamp", ""),
    )
    status = (
        200
        if accepted
        else (
            404
            if reason == "unknown meeting"
            else 400
            if reason == "not JSON"
            else 403
            if reason != "replayed"
            else 409
        )
    )
    return JsonResponse({"accepted": accepted, "reason": reason}, status=status)
