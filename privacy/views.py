"""Self-service (download my data, delete my account) and the legal pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import conf
from .export import export_request, export_storage
from .forms import DeleteAccountForm
from .models import DataExport, LegalPage
from .services import PrivacyError, deletion_pending, deletion_request

LEGACY_TEMPLATES = {
    LegalPage.Slug.PRIVACY: "academy/privacy.html",
    LegalPage.Slug.ACCESSIBILITY: "academy/accessibility.html",
}


@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    exports = list(DataExport.objects.filter(user=request.user)[:5])
    return render(
        request,
        "privacy/my_data.html",
        {
            "exports": exports,
            "pending_export": any(e.status == DataExport.Status.PENDING for e in exports),
            "deletion": deletion_pending(request.user),
            "expiry_days": conf.get("PRIVACY_EXPORT_EXPIRY_DAYS"),
            "now": timezone.now(),
        },
    )


@require_POST
def export_create(request: HttpRequest) -> HttpResponse:
    if DataExport.objects.filter(user=request.user, status=DataExport.Status.PENDING).exists():
        messages.info(request, _("Your data is already being prepared."))
    else:
        export_request(user=request.user, by=request.user)
        messages.success(
            request,
            _("We are preparing your data. You will get a notification when it is ready."),
        )
    return redirect("privacy:my_data")


@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = get_object_or_404(DataExport, pk=pk, user=request.user)
    if not export.is_downloadable:
        raise Http404
    handle = export_storage().open(export.path, "rb")
    stamp = timezone.localtime(export.ready_at).strftime("%Y-%m-%d")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"academy-data-{stamp}.zip",
        content_type="application/zip",
    )


@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    pending = deletion_pending(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            deletion = deletion_request(
                user=request.user,
                withdraw_certificates=form.cleaned_data["withdraw_certificates"],
            )
        except PrivacyError as error:
            messages.error(request, str(error))
            return redirect("privacy:my_data")
        logout(request)
        return render(
            request,
            "privacy/deletion_scheduled.html",
            {"deletion": deletion},
        )
    return render(
        request,
        "privacy/delete_account.html",
        {
            "form": form,
            "pending": pending,
            "grace_days": conf.get("PRIVACY_DELETION_GRACE_DAYS"),
            "certificate_count": request.user.certificates.count(),
        },
    )


def _legal_page(slug: str) -> LegalPage | None:
    language = translation.get_language() or "pl"
    pages = {page.language: page for page in LegalPage.objects.filter(slug=slug)}
    return pages.get(language) or pages.get("pl") or pages.get("en")


@login_not_required
@require_GET
def legal_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = _legal_page(slug)
    if page is None:
        if slug in LEGACY_TEMPLATES:
            return render(request, LEGACY_TEMPLATES[slug])
        raise Http404
    return render(
        request,
        "privacy/legal_page.html",
        {"page": page, "slugs": LegalPage.Slug, "is_accessibility": slug == "accessibility"},
    )
