"""The ``workshop`` item kind: a live workshop as a course step, completed by attendance."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.registry import Completion, CourseTool, ItemKind, register_course_tool, register_kind

WORKSHOP = "workshop"


def player_context(request, item, enrollment) -> dict:
    from .selectors import sessions_for_user, workshop_for_item

    workshop = workshop_for_item(item)
    if workshop is None:
        return {"workshop": None}
    return {"workshop": workshop, "workshop_sessions": sessions_for_user(workshop, request.user)}


def studio_url(item) -> str | None:
    from .models import Workshop

    workshop = Workshop.objects.filter(item=item).only("pk").first()
    return reverse("workshops:studio", kwargs={"pk": workshop.pk}) if workshop else None


def create_url(module) -> str:
    return reverse("workshops:create", kwargs={"module_id": module.pk})


def publish_problems(course) -> list:
    from courses.models import Item

    from .models import Session

    items = Item.objects.active().filter(course=course, kind=WORKSHOP)
    with_sessions = set(
        Session.objects.filter(workshop__item__in=items, cancelled_at__isnull=True).values_list(
            "workshop__item_id", flat=True
        )
    )
    return [
        (_("The workshop “%(title)s” has no session yet.") % {"title": item.title}, None)
        for item in items
        if item.pk not in with_sessions
    ]


def describe_rules(items) -> dict:
    from .models import Workshop

    rules = {}
    for workshop in Workshop.objects.filter(item__in=[item.pk for item in items]):
        if workshop.rule == Workshop.Rule.PERCENT:
            rule = _(
                "attend at least %(percent)d%% of the time of %(count)d session(s) of “%(title)s”"
            ) % {
                "percent": workshop.rule_percent,
                "count": workshop.sessions_required,
                "title": workshop.title,
            }
        elif workshop.rule == Workshop.Rule.PARTLY:
            rule = _("attend at least partly %(count)d session(s) of “%(title)s”") % {
                "count": workshop.sessions_required,
                "title": workshop.title,
            }
        else:
            rule = _("attend %(count)d session(s) of “%(title)s”") % {
                "count": workshop.sessions_required,
                "title": workshop.title,
            }
        rules[workshop.item_id] = rule
    return rules


def register() -> None:
    register_kind(
        ItemKind(
            key=WORKSHOP,
            label=gettext_lazy("Live workshop"),
            icon="◉",
            completion=Completion.ATTEND,
            template="workshops/item.html",
            context=player_context,
            studio_url=studio_url,
            create_url=create_url,
            publish_problems=publish_problems,
            describe_rules=describe_rules,
            explains_completion=True,
        )
    )
    register_course_tool(
        CourseTool(
            key="workshops",
            label=gettext_lazy("Live workshops"),
            url=lambda course: reverse("workshops:studio_list"),
            order=50,
        )
    )
