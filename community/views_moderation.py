"""The moderation queue of a space: reports, held posts, suspensions, the audit log, and
the moderators' actions on posts and topics. Everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from academy.models import User
from academy.safe_input import is_id

from . import permissions, services
from .forms import SpaceSettingsForm, SuspendForm
from .models import AuditEntry, Post, Report, Space, Suspension
from .views import error_text, visible_post, visible_topic


def moderated_space(request, slug: str) -> Space:
    return get_object_or_404(permissions.moderated_spaces(request.user), slug=slug)


@require_GET
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    space = moderated_space(request, slug)
    reports = (
        Report.objects.filter(post__topic__space=space, status=Report.Status.OPEN)
        .select_related("post__author", "post__topic", "reporter")
        .order_by("created_at")[:100]
    )
    held = (
        Post.objects.filter(topic__space=space, status=Post.Status.HELD)
        .select_related("author", "topic")
        .order_by("pk")[:100]
    )
    suspensions = (
        Suspension.objects.filter(space=space, until__gt=timezone.now())
        .select_related("user")
        .order_by("until")[:100]
    )
    audit = AuditEntry.objects.filter(space=space).select_related("actor", "subject", "topic")[:50]
    return render(
        request,
        "community/moderation.html",
        {
            "space": space,
            "reports": reports,
            "held": held,
            "suspensions": suspensions,
            "audit": audit,
            "suspend_form": SuspendForm(),
            "settings_form": SpaceSettingsForm(
                initial={"is_enabled": space.is_enabled, "hold_first_posts": space.hold_first_posts}
            ),
        },
    )


@require_POST
def space_settings(request: HttpRequest, slug: str) -> HttpResponse:
    space = moderated_space(request, slug)
    form = SpaceSettingsForm(request.POST)
    if form.is_valid():
        services.space_settings_update(
            space=space,
            actor=request.user,
            is_enabled=form.cleaned_data["is_enabled"],
            hold_first_posts=form.cleaned_data["hold_first_posts"],
        )
        messages.success(request, _("The settings were saved."))
    return redirect("community:moderation", slug=space.slug)


@require_POST
def member_suspend(request: HttpRequest, slug: str) -> HttpResponse:
    space = moderated_space(request, slug)
    form = SuspendForm(request.POST)
    if not form.is_valid() or not is_id(form.cleaned_data["user"]):
        messages.error(request, _("Give the number of days and a reason."))
        return redirect("community:moderation", slug=space.slug)
    user = get_object_or_404(User, pk=form.cleaned_data["user"])
    try:
        services.member_suspend(
            space=space,
            moderator=request.user,
            user=user,
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The member is suspended in this space."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("community:moderation", slug=space.slug)


def _moderated_post(request, pk) -> Post:
    post, moderator = visible_post(request, pk)
    if not moderator:
        raise Http404
    return post


@require_POST
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _moderated_post(request, pk)
    services.post_hide(
        post=post, moderator=request.user, reason=request.POST.get("reason", "")[:300]
    )
    messages.success(request, _("The post is hidden."))
    return redirect(_back(request, post))


@require_POST
def post_restore(request: HttpRequest, pk: int) -> HttpResponse:
    post = _moderated_post(request, pk)
    services.post_restore(post=post, moderator=request.user)
    messages.success(request, _("The post is visible."))
    return redirect(_back(request, post))


def _back(request, post: Post) -> str:
    if request.POST.get("next") == "queue":
        return reverse("community:moderation", kwargs={"slug": post.topic.space.slug})
    return reverse("community:topic", kwargs={"pk": post.topic_id}) + f"#post-{post.pk}"


@require_GET
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = _moderated_post(request, pk)
    revisions = post.revisions.select_related("editor").order_by("-created_at", "-pk")
    return render(
        request,
        "community/history.html",
        {"post": post, "space": post.topic.space, "revisions": revisions},
    )


@require_POST
def report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_id(str(pk)):
        raise Http404
    report = get_object_or_404(
        Report.objects.select_related("post__topic__space").filter(
            post__topic__space__in=permissions.moderated_spaces(request.user)
        ),
        pk=pk,
    )
    services.report_dismiss(report=report, moderator=request.user)
    messages.success(request, _("The report is closed; the reporter is told."))
    return redirect("community:moderation", slug=report.post.topic.space.slug)


@require_http_methods(["POST"])
def topic_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    topic, moderator = visible_topic(request, pk)
    if not moderator:
        raise Http404
    action = request.POST.get("action", "")
    target = None
    if action == "move":
        value = request.POST.get("space", "")
        target = (
            permissions.moderated_spaces(request.user).filter(pk=value).first()
            if is_id(value)
            else None
        )
        if target is None:
            messages.error(request, _("Choose a space you moderate."))
            return redirect("community:topic", pk=topic.pk)
    try:
        services.topic_moderate(
            topic=topic, moderator=request.user, action=action, target_space=target
        )
        messages.success(request, _("Done."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("community:topic", pk=topic.pk)
