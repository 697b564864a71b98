"""Staff: the library registry. Libraries are code; approving one lets every activity
that needs it be published and played."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..permissions import can_manage_libraries, managed_libraries
from ..selectors import library_list
from ..services import library_approve, library_revoke


def _staff_only(request: HttpRequest) -> None:
    if not can_manage_libraries(request.user):
        raise Http404


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return render(request, "h5p/libraries.html", {"libraries": library_list()})


@require_POST
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    library = get_object_or_404(managed_libraries(request.user), pk=pk)
    if action == "approve":
        library_approve(library=library, user=request.user)
        messages.success(request, _("%(library)s is approved.") % {"library": library})
    else:
        library_revoke(library=library)
        messages.warning(
            request,
            _(
                "%(library)s is no longer approved: activities that need it cannot be "
                "played or published."
            )
            % {"library": library},
        )
    return redirect("h5p:libraries")
