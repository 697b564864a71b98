"""Spaces, topics and posts. Views fetch through ``community.permissions`` (a space or
topic the person may not see is the same 404 as a missing one), call one service and
render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from academy.models import Membership
from academy.safe_input import is_id
from courses.models import Course, Enrollment

from . import permissions, selectors, services
from .forms import EditForm, PostForm, ReportForm, TopicForm
from .models import Attachment, CommunityMember, Follow, Post, Space, Topic

TOPICS_PER_PAGE = 25
POSTS_PER_PAGE = 20


def media_for(request, form):
    """The form's assets with the request's CSP nonce on the editor's inline import map."""
    from js_asset import Media

    nonce = getattr(request, "csp_nonce", None)
    return Media.from_media(form.media, nonce=str(nonce)) if nonce is not None else form.media


def error_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(m for ms in error.message_dict.values() for m in ms)
    return " ".join(error.messages)


def page_of(request, queryset, size: int):
    """The requested page (``?page=last`` is the last one); a bad number is page 1."""
    paginator = Paginator(queryset, size)
    value = request.GET.get("page", "1")
    if value == "last":
        return paginator.get_page(paginator.num_pages)
    return paginator.get_page(int(value) if is_id(value) and 0 < int(value) < 100_000 else 1)


def visible_space(request, slug: str) -> Space:
    return space_and_role(request, slug)[0]


def space_and_role(request, slug: str) -> tuple[Space, bool]:
    """The space and whether the person moderates it; 404 when they may not see it."""
    space = get_object_or_404(Space, slug=slug)
    moderator = permissions.can_moderate_space(request.user, space)
    if not permissions.can_see_space(request.user, space, moderator=moderator):
        raise Http404
    return space, moderator


def visible_topic(request, pk) -> tuple[Topic, bool]:
    """The topic and whether the person moderates its space; 404 when they may not see it
    (a held or hidden first post hides the topic from all but moderators and its author)."""
    if not is_id(str(pk)):
        raise Http404
    topic = get_object_or_404(Topic.objects.select_related("space", "author"), pk=pk)
    moderator = permissions.can_moderate_space(request.user, topic.space)
    if not permissions.can_see_space(request.user, topic.space, moderator=moderator):
        raise Http404
    if not topic.is_visible and not moderator and topic.author_id != request.user.pk:
        raise Http404
    return topic, moderator


def visible_post(request, pk) -> tuple[Post, bool]:
    post = get_object_or_404(Post.objects.select_related("topic__space", "author"), pk=pk)
    space = post.topic.space
    moderator = permissions.can_moderate_space(request.user, space)
    if not permissions.can_see_space(request.user, space, moderator=moderator):
        raise Http404
    own_held = post.status == Post.Status.HELD and post.author_id == request.user.pk
    if post.status != Post.Status.VISIBLE and not moderator and not own_held:
        raise Http404
    return post, moderator


def _ensure_own_spaces(user) -> None:
    """Course and organisation spaces are created the first time someone may use them."""
    taught = Course.objects.filter(trainers=user)
    enrolled = Course.objects.filter(
        status=Course.Status.PUBLISHED,
        enrollments__user=user,
        enrollments__status=Enrollment.Status.ACTIVE,
    )
    for course in (taught | enrolled).filter(community_space__isnull=True).distinct()[:50]:
        services.course_space_ensure(course)
    for membership in Membership.objects.filter(
        user=user,
        status=Membership.Status.APPROVED,
        organisation__is_approved=True,
        organisation__community_space__isnull=True,
    ).select_related("organisation")[:20]:
        services.organisation_space_ensure(membership.organisation)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _ensure_own_spaces(request.user)
    spaces = list(permissions.visible_spaces(request.user).order_by("kind", "title")[:200])
    joined = set(
        CommunityMember.objects.filter(user=request.user).values_list("space_id", flat=True)
    )
    return render(
        request,
        "community/index.html",
        {
            "course_spaces": [s for s in spaces if s.kind == Space.Kind.COURSE],
            "organisation_spaces": [s for s in spaces if s.kind == Space.Kind.ORGANISATION],
            "communities": [s for s in spaces if s.kind == Space.Kind.COMMUNITY],
            "joined": joined,
        },
    )


@require_GET
def course_space(request: HttpRequest, slug: str) -> HttpResponse:
    """The discussion space of a course (created on first use)."""
    course = get_object_or_404(Course, slug=slug)
    existing = Space.objects.filter(course=course).first()
    if existing is None:
        from search.permissions import can_see_course_content

        if not can_see_course_content(request.user, course):
            raise Http404
        existing = services.course_space_ensure(course)
    space = visible_space(request, existing.slug)
    return redirect("community:space", slug=space.slug)


@require_GET
def course_link(request: HttpRequest, slug: str) -> HttpResponse:
    """The course page's "Discussions" card, loaded as a fragment (the course page itself
    costs no query for it); 404 for people who may not see the space, or when the trainer
    switched it off, so htmx leaves the slot empty."""
    from search.permissions import can_see_course_content

    course = get_object_or_404(Course, slug=slug)
    space = Space.objects.filter(course=course).first()
    visible = (
        permissions.can_see_space(request.user, space)
        if space is not None
        else can_see_course_content(request.user, course)
    )
    if not visible:
        raise Http404
    topics = space.topics.filter(is_visible=True).count() if space is not None else 0
    return render(request, "community/_course_link.html", {"course": course, "topics": topics})


@require_GET
def space(request: HttpRequest, slug: str) -> HttpResponse:
    space, moderator = space_and_role(request, slug)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Topic.Kind.values else ""
    unanswered = request.GET.get("unanswered") == "1"
    topics = selectors.topic_list(space, moderator=moderator, kind=kind, unanswered=unanswered)
    page = page_of(request, topics, TOPICS_PER_PAGE)
    suspended = permissions.is_suspended(request.user, space)
    keep = "&".join(
        part
        for part in (f"kind={kind}" if kind else "", "unanswered=1" if unanswered else "")
        if part
    )
    return render(
        request,
        "community/space.html",
        {
            "space": space,
            "page_obj": page,
            "moderator": moderator,
            "kind": kind,
            "kinds": Topic.Kind.choices,
            "unanswered": unanswered,
            "keep": keep,
            "can_post": permissions.can_post_in_space(
                request.user, space, moderator=moderator, seen=True, suspended=suspended
            ),
            "is_member": CommunityMember.objects.filter(space=space, user=request.user).exists(),
            "follows": Follow.objects.filter(space=space, user=request.user).exists(),
            "suspended": suspended,
        },
    )


@require_POST
def space_join(request: HttpRequest, slug: str) -> HttpResponse:
    space = visible_space(request, slug)
    try:
        services.community_join(space=space, user=request.user)
        messages.success(request, _("You joined %(space)s.") % {"space": space.title})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("community:space", slug=space.slug)


@require_POST
def space_leave(request: HttpRequest, slug: str) -> HttpResponse:
    space = visible_space(request, slug)
    services.community_leave(space=space, user=request.user)
    messages.success(request, _("You left %(space)s.") % {"space": space.title})
    return redirect("community:space", slug=space.slug)


@require_POST
def space_follow(request: HttpRequest, slug: str) -> HttpResponse:
    space = visible_space(request, slug)
    on = request.POST.get("on") == "1"
    services.follow_set(user=request.user, space=space, on=on)
    messages.success(
        request, _("You follow this space.") if on else _("You no longer follow this space.")
    )
    return redirect("community:space", slug=space.slug)


@require_http_methods(["GET", "POST"])
def topic_new(request: HttpRequest, slug: str) -> HttpResponse:
    space, moderator = space_and_role(request, slug)
    if not permissions.can_post_in_space(request.user, space, moderator=moderator):
        messages.error(request, _("You cannot write in this space."))
        return redirect("community:space", slug=space.slug)
    form = TopicForm(request.POST or None, request.FILES or None, can_announce=moderator)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                space=space,
                author=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            if not topic.is_visible:
                messages.info(request, _("Your post will appear once a moderator approves it."))
            return redirect("community:topic", pk=topic.pk)
    return render(
        request,
        "community/topic_new.html",
        {"space": space, "form": form, "media": media_for(request, form)},
        status=400 if form.errors else 200,
    )


@require_GET
def topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic, moderator = visible_topic(request, pk)
    posts = selectors.topic_posts(topic, user=request.user, moderator=moderator)
    page = page_of(request, posts, POSTS_PER_PAGE)
    space = topic.space
    suspended = permissions.is_suspended(request.user, space)
    can_post = permissions.can_post_in_space(
        request.user, space, moderator=moderator, seen=True, suspended=suspended
    ) and (moderator or not topic.is_locked)
    form = PostForm()
    context = {
        "topic": topic,
        "space": space,
        "page_obj": page,
        "moderator": moderator,
        "can_post": can_post,
        "can_accept": permissions.can_accept_answer(request.user, topic, moderator=moderator),
        "follows": Follow.objects.filter(topic=topic, user=request.user).exists(),
        "suspended": suspended,
        "form": form,
        "media": media_for(request, form) if can_post else "",
        "move_targets": (
            list(
                permissions.moderated_spaces(request.user)
                .exclude(pk=space.pk)
                .only("pk", "title")[:100]
            )
            if moderator
            else []
        ),
    }
    return render(request, "community/topic.html", context)


@require_POST
def topic_reply(request: HttpRequest, pk: int) -> HttpResponse:
    topic, moderator = visible_topic(request, pk)
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        quote = form.cleaned_data.get("quote") or ""
        quoted = (
            Post.objects.filter(topic=topic, pk=quote, status=Post.Status.VISIBLE)
            .select_related("author")
            .first()
            if is_id(quote)
            else None
        )
        try:
            post = services.post_create(
                topic=topic,
                author=request.user,
                body=form.cleaned_data["body"],
                quoted=quoted,
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(
                reverse("community:topic", kwargs={"pk": topic.pk}) + "?page=last#reply"
            )
        if post.status == Post.Status.HELD:
            messages.info(request, _("Your post will appear once a moderator approves it."))
        else:
            messages.success(request, _("Your reply was posted."))
        return redirect(
            reverse("community:topic", kwargs={"pk": topic.pk}) + f"?page=last#post-{post.pk}"
        )
    messages.error(
        request, error_text(ValidationError(form.errors)) if form.errors else _("Write a text.")
    )
    return redirect(reverse("community:topic", kwargs={"pk": topic.pk}) + "?page=last#reply")


@require_POST
def topic_follow(request: HttpRequest, pk: int) -> HttpResponse:
    topic, _moderator = visible_topic(request, pk)
    on = request.POST.get("on") == "1"
    services.follow_set(user=request.user, topic=topic, on=on)
    messages.success(
        request, _("You follow this topic.") if on else _("You no longer follow this topic.")
    )
    return redirect("community:topic", pk=topic.pk)


@require_POST
def post_accept(request: HttpRequest, pk: int) -> HttpResponse:
    post, _moderator = visible_post(request, pk)
    try:
        services.answer_accept(post=post, user=request.user)
        messages.success(request, _("The answer is marked as accepted."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(reverse("community:topic", kwargs={"pk": post.topic_id}) + f"#post-{post.pk}")


@require_POST
def post_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    post, _moderator = visible_post(request, pk)
    try:
        marked = services.helpful_toggle(post=post, user=request.user)
        messages.success(request, _("Marked as helpful.") if marked else _("Mark removed."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if is_id(page) else ""
    return redirect(
        reverse("community:topic", kwargs={"pk": post.topic_id}) + suffix + f"#post-{post.pk}"
    )


@require_http_methods(["GET", "POST"])
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post, _moderator = visible_post(request, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(
                post=post, reporter=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("Thank you. The moderators will look at the post and tell you the outcome."),
            )
            return redirect("community:topic", pk=post.topic_id)
    return render(
        request,
        "community/form.html",
        {
            "form": form,
            "heading": _("Report a post"),
            "submit": _("Send the report"),
            "space": post.topic.space,
            "back": reverse("community:topic", kwargs={"pk": post.topic_id}),
            "quote": post,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post, moderator = visible_post(request, pk)
    if not permissions.can_edit_post(request.user, post, moderator=moderator):
        raise Http404
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                post=post,
                editor=request.user,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The post was changed."))
            return redirect(
                reverse("community:topic", kwargs={"pk": post.topic_id}) + f"#post-{post.pk}"
            )
    return render(
        request,
        "community/form.html",
        {
            "form": form,
            "heading": _("Edit a post"),
            "submit": _("Save"),
            "space": post.topic.space,
            "back": reverse("community:topic", kwargs={"pk": post.topic_id}),
            "media": media_for(request, form),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Attachment.objects.select_related("post"), pk=pk)
    visible_post(request, item.post_id)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    inline = item.content_type.startswith("image/")
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=not inline, filename=item.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
