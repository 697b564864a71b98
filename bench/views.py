"""The reference view: the cheapest page a Django site can serve (one indexed query and a
small template through the full middleware stack), so HTTP figures can be given as a
ratio to it and compared across machines."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from courses.models import Course


@login_not_required
@require_GET
def reference(request):
    # One query on the primary key index, LIMIT 1.
    course = Course.objects.filter(pk__gte=1).order_by("pk").only("title", "slug").first()
    return render(request, "bench/reference.html", {"course": course})
