from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from . import registry, selectors, services
from .forms import PreferencesForm
from .models import Channel, Notification

CHANGED = "notifications-changed"


def _partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


@require_GET
@vary_on_headers("HX-Request")
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


def _index(request: HttpRequest) -> HttpResponse:
    only_unread = request.GET.get("show") == "unread"
    type_key = request.GET.get("type", "")
    if registry.get(type_key) is None:
        type_key = ""
    page = Paginator(
        selectors.notifications_for(request.user, only_unread=only_unread, type_key=type_key), 20
    )
    page_obj = page.get_page(request.GET.get("page"))
    rows = [
        {"notification": n, "message": services.render_message(n), "link": services.link_for(n)}
        for n in page_obj.object_list
    ]
    filter_query = urlencode(
        {
            key: value
            for key, value in {"show": "unread" if only_unread else "", "type": type_key}.items()
            if value
        }
    )
    context = {
        "rows": rows,
        "page_obj": page_obj,
        "only_unread": only_unread,
        "type_key": type_key,
        "types": registry.all_types(),
        "filter_query": filter_query,
    }
    template = "notifications/index.html#list" if _partial(request) else "notifications/index.html"
    return render(request, template, context)


@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/_bell.html",
        {"notifications_unread": selectors.unread_count(request.user)},
    )


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    return _after_change(request)


@require_GET
def open_target(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    return redirect(services.link_for(notification) or "notifications:index")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notification_mark_read(user=request.user)
    return _after_change(request)


def _after_change(request: HttpRequest) -> HttpResponse:
    if _partial(request):
        response = _index(request)
        response["HX-Trigger"] = CHANGED
        return response
    return redirect("notifications:index")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, type_key = services.unsubscribe_read(token)
        user = get_user_model().objects.get(pk=user_id)
    except signing.SignatureExpired:
        return render(
            request, "notifications/unsubscribe_invalid.html", {"expired": True}, status=400
        )
    except (signing.BadSignature, ValueError, get_user_model().DoesNotExist):
        return render(
            request, "notifications/unsubscribe_invalid.html", {"expired": False}, status=400
        )
    services.preference_set(user=user, type_key=type_key, channel=Channel.OFF)
    if request.method == "POST":
        return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
    label = registry.get(type_key).label
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("You will no longer receive “%(type)s”.") % {"type": label})
        return redirect("notifications:preferences")
    return render(request, "notifications/unsubscribed.html", {"label": label})
