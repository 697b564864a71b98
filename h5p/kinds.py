"""The ``h5p`` item kind, registered with the course registry in ``H5pConfig.ready()``."""

from __future__ import annotations

from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from courses.models import Item
from courses.registry import Completion, ItemKind, register_kind

from .completion import content_scores, mode_possible
from .models import Activity
from .permissions import with_unapproved
from .player import frame_allow, player_origin, request_origin, token_make

H5P = "h5p"


def item_context(request, item, enrollment) -> dict:
    """Context for ``h5p/item.html`` inside the course player (enrollment is None in a preview)."""
    activity = with_unapproved(Activity.objects.filter(item=item)).first()
    preview = enrollment is None
    context = {"h5p_activity": activity, "h5p_preview": preview}
    if activity is None:
        return context
    origin = player_origin(request)
    if origin is None:
        context["h5p_unavailable"] = True
        if settings.DEBUG:
            # On 127.0.0.1 there is no sibling host for the player: point the developer at one.
            _host, _colon, port = request.get_host().rpartition(":")
            port = f":{port}" if _colon and port.isdigit() else ""
            context["h5p_dev_url"] = (
                f"{request.scheme}://academy.localhost{port}{request.get_full_path()}"
            )
        return context
    if activity.blocked and not preview:
        context["h5p_blocked"] = True
        return context
    token = token_make(
        user_id=request.user.pk,
        activity_id=activity.pk,
        parent_origin=request_origin(request),
        preview=preview,
    )
    context["h5p_src"] = origin + reverse("h5p:play", kwargs={"token": token})
    context["h5p_allow"] = frame_allow(activity.h5p_json)
    context["h5p_rule"] = completion_rule(activity)
    context["h5p_config"] = {
        "playerOrigin": origin,
        "mode": activity.completion,
        "statementUrl": None if preview else reverse("h5p:statement", kwargs={"item_id": item.pk}),
        "stateUrl": None if preview else reverse("h5p:state", kwargs={"item_id": item.pk}),
        "errorUrl": None if preview else reverse("h5p:error", kwargs={"item_id": item.pk}),
        "csrfToken": get_token(request),
        "messages": {
            "crashed": gettext(
                "This activity could not start; your trainer has been told. "
                "You can continue with the other steps."
            ),
            "runtimeError": gettext(
                "Something went wrong in this activity; your trainer has been told. "
                "If it stops responding, reload the page."
            ),
            "completed": gettext("Your answer was saved and this step is complete."),
            "notPassed": gettext(
                "Your answer was saved, but the score is below the pass mark. You can try again."
            ),
            "error": gettext(
                "Your answer could not be saved. Check your connection and try again."
            ),
            "preview": gettext("Preview: this answer is not recorded."),
        },
    }
    return context


def completion_rule(activity: Activity) -> str:
    """What completes the step, in the learner's words."""
    if activity.completion == Activity.CompletionMode.VIEWED:
        return gettext("This step is complete as soon as the activity has started.")
    if activity.completion == Activity.CompletionMode.INTERACTED:
        return gettext("This step is complete once you have done something in the activity.")
    if activity.completion == Activity.CompletionMode.COMPLETED:
        return gettext("This step is complete when you finish the activity.")
    return gettext("This step is complete when you score at least %(percent)d%%.") % {
        "percent": activity.pass_percent
    }


def studio_url(item) -> str | None:
    return reverse("h5p:edit", kwargs={"item_id": item.pk})


def create_url(module) -> str:
    return reverse("h5p:create", kwargs={"module_id": module.pk})


def publish_problems(course) -> list:
    """Unapproved libraries and H5P items without a package block publishing."""
    problems = []
    items = Item.objects.active().filter(course=course, kind=H5P)
    for item in items.exclude(pk__in=Activity.objects.values("item_id")):
        problems.append(
            (gettext("“%(title)s” has no H5P package yet.") % {"title": item.title}, None)
        )
    activities = with_unapproved(Activity.objects.filter(item__in=items)).select_related(
        "item", "main_library"
    )
    for activity in activities:
        if activity.blocked:
            problems.append(
                (
                    gettext("“%(title)s” needs an H5P library that staff have not approved yet.")
                    % {"title": activity.item.title},
                    reverse("h5p:edit", kwargs={"item_id": activity.item_id}),
                )
            )
        scores = content_scores(activity.main_library.machine_name)
        if activity.item.is_required and not mode_possible(activity.completion, scores=scores):
            problems.append(
                (
                    gettext(
                        "“%(title)s” is required and completes only with a minimum score, but its content never "
                        "reports a score: no learner could finish the course."
                    )
                    % {"title": activity.item.title},
                    reverse("h5p:edit", kwargs={"item_id": activity.item_id}) + "#completion",
                )
            )
    return problems


def duplicate(old_item, new_item) -> None:
    """A copied course shares the stored package and libraries; attempts stay behind."""
    activity = Activity.objects.filter(item=old_item).first()
    if activity is None:
        return
    libraries = list(activity.libraries.all())
    activity.pk, activity.item = None, new_item
    activity.save()
    activity.libraries.set(libraries)


def describe_rules(items) -> dict:
    """Plain words for each H5P item's completion rule: one query for all of them."""
    rules = {}
    for activity in Activity.objects.filter(item__in=[item.pk for item in items]).select_related(
        "item"
    ):
        if activity.completion == Activity.CompletionMode.COMPLETED:
            rules[activity.item_id] = gettext("finish “%(title)s”") % {"title": activity.item.title}
        elif activity.completion == Activity.CompletionMode.VIEWED:
            rules[activity.item_id] = gettext("open “%(title)s”") % {"title": activity.item.title}
        elif activity.completion == Activity.CompletionMode.INTERACTED:
            rules[activity.item_id] = gettext("try out “%(title)s”") % {
                "title": activity.item.title
            }
        else:
            rules[activity.item_id] = gettext("score at least %(percent)d%% in “%(title)s”") % {
                "percent": activity.pass_percent,
                "title": activity.item.title,
            }
    return rules


H5P_KIND = ItemKind(
    key=H5P,
    label=_("H5P activity"),
    icon="▶",
    completion=Completion.PASS,
    explains_completion=True,
    starts_on_visit=False,  # the relay reports the start once the content really runs
    template="h5p/item.html",
    context=item_context,
    studio_url=studio_url,
    create_url=create_url,
    publish_problems=publish_problems,
    duplicate=duplicate,
    describe_rules=describe_rules,
)


def register() -> None:
    register_kind(H5P_KIND)
