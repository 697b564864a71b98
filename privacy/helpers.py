"""Building blocks for apps' export and erase callables (``<app>/privacy.py``)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from . import conf


def user_q(user, user_fields) -> Q:
    query = Q(pk__in=[])
    for name in user_fields:
        query |= Q(**{name: user.pk if name == "pk" else user})
    return query


def plain(value):
    """A JSON-ready value (dates as ISO strings, decimals as strings, models as their pk)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def rows(queryset, fields) -> list[dict]:
    """The values of ``fields`` (plus "id") of each row, JSON-ready."""
    names = ["pk", *fields]
    return [
        {("id" if key == "pk" else key): plain(row[key]) for key in names}
        for row in queryset.values(*names).order_by("pk")
    ]


def export_by(model_label: str, user_fields, fields):
    """An export callable: the rows of the model related to the user by ``user_fields``."""
    from django.apps import apps

    def export(user):
        model = apps.get_model(model_label)
        return rows(model.objects.filter(user_q(user, user_fields)).distinct(), fields)

    return export


def delete_by(model_label: str, user_field: str = "user"):
    from django.apps import apps

    def erase(user):
        apps.get_model(model_label).objects.filter(**{user_field: user}).delete()

    return erase


def unlink(model, user, *fields) -> None:
    """Set nullable relations that point at ``user`` to NULL (who decided, who approved)."""
    for name in fields:
        model.objects.filter(**{name: user}).update(**{name: None})


def needles_for(user, *, job_title: bool = False) -> list[str]:
    """What identifies the person in free text elsewhere: the full name and the email
    (and the job title, for rows that are about the person)."""
    found = []
    for value in (user.full_name, user.email, user.job_title if job_title else ""):
        value = (value or "").strip()
        if len(value) >= 4 and value not in found:
            found.append(value)
    return found


def _replace(value, needles, replacement):
    if isinstance(value, str):
        for needle in needles:
            if needle.casefold() in value.casefold():
                value = _replace_casefold(value, needle, replacement)
        return value
    if isinstance(value, list):
        return [_replace(item, needles, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, needles, replacement) for key, item in value.items()}
    return value


def _replace_casefold(text: str, needle: str, replacement: str) -> str:
    lower, target = text.casefold(), needle.casefold()
    if len(lower) != len(text):  # casefold changed lengths (ß): exact replacement only
        return text.replace(needle, replacement)
    out, start = [], 0
    while True:
        index = lower.find(target, start)
        if index < 0:
            out.append(text[start:])
            return "".join(out)
        out.append(text[start:index])
        out.append(replacement)
        start = index + len(target)


def scrub_mentions(model, fields, user, *, queryset=None, job_title: bool = False) -> int:
    """Replace the person's name and email in ``fields`` (text or JSON) of every row that
    mentions them, e.g. another person's notification "Anna asks to join". Returns rows
    changed. JSON is searched both as stored by PostgreSQL and as escaped by SQLite."""
    needles = needles_for(user, job_title=job_title)
    if not needles:
        return 0
    replacement = conf.get("PRIVACY_ERASED_NAME")
    base = queryset if queryset is not None else model.objects.all()
    query = Q(pk__in=[])
    annotations = {}
    for name in fields:
        internal = model._meta.get_field(name).get_internal_type()
        key = name
        if internal == "JSONField":
            key = f"_privacy_{name}"
            annotations[key] = Cast(name, TextField())
        for needle in needles:
            query |= Q(**{f"{key}__icontains": needle})
            escaped = json.dumps(needle)[1:-1]
            if escaped != needle:
                query |= Q(**{f"{key}__icontains": escaped})
    changed = 0
    for row in base.annotate(**annotations).filter(query).only("pk", *fields).iterator():
        updates = {}
        for name in fields:
            before = getattr(row, name)
            after = _replace(before, needles, replacement)
            if after != before:
                updates[name] = after
        if updates:
            model.objects.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed


def to_json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
