from __future__ import annotations

import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import services
from .dashboard import sections
from .forms import ProfileForm
from .models import Membership
from .permissions import coordinated_memberships, coordinated_organisations
from .storage import STORAGE_UNAVAILABLE


@login_not_required
@require_GET
def home(request):
    return render(request, "academy/home.html")


@login_not_required
@require_GET
def privacy(request):
    return render(request, "academy/privacy.html")


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "academy/accessibility.html")


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """Each dependency's state for a load balancer (docs/deployment.md, "Health checks").

    503 only when this server cannot serve (the database); the shared cache, the object
    store and the task queue being down is "degraded" with 200: every app server sees the
    same outage, so taking them out of the pool would not help, and pages still answer."""
    checks = {
        "database": _database_ok,
        "cache": _cache_ok,
        "storage": _storage_ok,
        "queue": _queue_ok,
    }
    report = {name: "ok" if check() else "error" for name, check in checks.items()}
    if report["database"] != "ok":
        status = "error"
    elif any(value != "ok" for value in report.values()):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **report}, status=503 if status == "error" else 200)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure is reported, not raised
        return False
    return True


def _cache_ok() -> bool:
    try:
        if hasattr(cache, "ping"):  # the shared Redis cache with its local fallback
            return cache.ping()
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001 - e.g. Redis unreachable
        return False


def _storage_ok() -> bool:
    from .storage import private_storage

    try:
        private_storage.exists("healthz")  # one HEAD request on S3, a stat on a disk
    except Exception:  # noqa: BLE001 - e.g. the bucket unreachable
        return False
    return True


def _queue_ok() -> bool:
    """The task queue answers: Redis for RQ, the tasks table for the database backend."""
    backend = settings.ACADEMY_TASKS_BACKEND
    try:
        if backend == "rq":
            import redis

            url = settings.RQ_QUEUES["default"]["URL"]
            return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
        if backend == "database":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.filter(status="READY").exists()
    except Exception:  # noqa: BLE001 - the queue's store unreachable
        return False
    return True


RETRY_AFTER_SECONDS = 5


def server_error(request):
    """handler500: a database that is unreachable (restarting, failing over) is a
    temporary outage, answered 503 with Retry-After and a translated maintenance page
    rendered without touching the database; anything else is the plain 500 page."""
    error = sys.exc_info()[1]
    # The object store (S3) unreachable is as temporary as the database restarting.
    if not isinstance(error, (OperationalError, InterfaceError, *STORAGE_UNAVAILABLE)):
        return defaults.server_error(request)
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "503.html", {"language": language, "retry_after": RETRY_AFTER_SECONDS}
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_POST
def set_language(request):
    """Switch the interface language; remembered in a cookie and on the user."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("This language is not available."))
        return response
    services.user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
    return response


@require_GET
def dashboard(request):
    memberships = request.user.memberships.select_related("organisation")
    blocks = [{"template": section.template, **section.context(request)} for section in sections()]
    return render(
        request, "academy/dashboard.html", {"memberships": memberships, "sections": blocks}
    )


def profile(request):
    """The person's own details: the name printed on future certificates, job title, language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        response = HttpResponseRedirect(reverse("dashboard"))
        messages.success(request, _("Your profile has been saved."))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
        return response
    return render(request, "academy/profile.html", {"form": form})


@require_GET
def members(request):
    organisations = coordinated_organisations(request.user)
    pending = (
        coordinated_memberships(request.user)
        .pending()
        .select_related("user", "organisation")
        .order_by("organisation__name", "created_at")
    )
    approved = (
        coordinated_memberships(request.user)
        .approved()
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )
    return render(
        request,
        "academy/members.html",
        {"organisations": organisations, "pending": pending, "approved": approved},
    )


@require_POST
def member_decide(request, pk: int):
    membership = get_object_or_404(coordinated_memberships(request.user), pk=pk)
    approve = request.POST.get("decision") == "approve"
    if membership.status != Membership.Status.PENDING:
        messages.info(request, _("This request has already been decided."))
    else:
        services.membership_decide(membership=membership, by=request.user, approve=approve)
        if approve:
            messages.success(
                request,
                _("%(name)s is now a member of %(organisation)s.")
                % {"name": membership.user.full_name, "organisation": membership.organisation.name},
            )
        else:
            messages.success(
                request,
                _("The request of %(name)s was rejected.") % {"name": membership.user.full_name},
            )
    return HttpResponseRedirect(reverse("members"))


@login_not_required
def not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def permission_denied(request, exception=None):
    """403 with the reason and, when the refusal knows them, the links that lead on
    (a locked step links the step to finish first and its course): ``exception.links``."""
    links = list(getattr(exception, "links", None) or [])
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"exception": message, "links": links}, status=403)
