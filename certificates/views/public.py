"""Public views: verification page and lookup form, issuer profile, key, credential status."""

from __future__ import annotations

from functools import wraps
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from .. import badges, signing
from ..codes import format_code, normalise_code
from ..forms import LookupForm
from ..permissions import can_view_certificate
from ..ratelimit import over_limit
from ..selectors import certificate_by_code


def _private_headers(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-cache, private"
    return response


def rate_limited(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if over_limit(request):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = "60"
            return _private_headers(response)
        return view(request, *args, **kwargs)

    return wrapper


def _not_found(request, form=None):
    form = form or LookupForm()
    return _private_headers(
        render(request, "certificates/verify_not_found.html", {"form": form}, status=404)
    )


@login_not_required
@require_safe
@rate_limited
def verify_lookup(request):
    if "code" not in request.GET:
        return _private_headers(
            render(request, "certificates/verify_lookup.html", {"form": LookupForm()})
        )
    form = LookupForm(request.GET)
    if not form.is_valid():
        return _private_headers(render(request, "certificates/verify_lookup.html", {"form": form}))
    return redirect("certificates:verify", code=format_code(form.cleaned_data["code"]))


@login_not_required
@require_safe
@rate_limited
def verify(request, code: str):
    normal = normalise_code(code)
    certificate = certificate_by_code(normal) if normal else None
    if certificate is None:
        return _not_found(request)
    if code != certificate.display_code:
        return redirect("certificates:verify", code=certificate.display_code)
    context = {
        "certificate": certificate,
        "snap": certificate.snapshot,
        "status": certificate.status,
        "can_download": request.user.is_authenticated
        and can_view_certificate(request.user, certificate),
    }
    return _private_headers(render(request, "certificates/verify.html", context))


def open_to_every_origin(view):
    """Public Open Badges documents: browser-based verifiers and wallets on any origin
    may read them (no credentials are sent or needed)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


@login_not_required
@require_safe
@open_to_every_origin
def issuer(request):
    return JsonResponse(badges.issuer_profile(), json_dumps_params={"ensure_ascii": False})


@login_not_required
@require_safe
@open_to_every_origin
def jwks(request):
    return JsonResponse({"keys": [signing.public_jwk()]})


@login_not_required
@require_safe
@open_to_every_origin
def jwk(request, kid: str):
    """The one key a credential's JOSE ``kid`` names (OB 3.0 §8.2: it dereferences to a JWK)."""
    key = signing.public_jwk()
    if kid != key["kid"]:
        raise Http404
    return JsonResponse(key)


BADGE_SVG = Path(__file__).resolve().parent.parent / "assets" / "badge.svg"


@login_not_required
@require_safe
@open_to_every_origin
def badge_image(request):
    response = HttpResponse(BADGE_SVG.read_bytes(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_not_required
@require_safe
@open_to_every_origin
@rate_limited
def status(request, code: str):
    normal = normalise_code(code)
    certificate = certificate_by_code(normal) if normal else None
    if certificate is None:
        raise Http404
    return _private_headers(JsonResponse(badges.revocation_list(certificate)))
