"""The community's rows of the richly seeded person (tests/privacy/scenario.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from community import services
from community.models import (
    AuditEntry,
    ContactMessage,
    Follow,
    Offer,
    PostRevision,
    Reaction,
    Report,
    Space,
    Suspension,
)
from tests.factories.academy import OrganisationFactory


def seed(user, *, organisation, trainer, coordinator, course, enrollment):
    space = services.course_space_ensure(course)
    topic = services.topic_create(
        space=space,
        author=user,
        kind="question",
        title="Pytanie o zakwaterowanie",
        body="<p>Jak?</p>",
    )
    post = topic.posts.first()
    answer = services.post_create(topic=topic, author=trainer, body="<p>Tak.</p>")
    PostRevision.objects.create(
        post=post, editor=user, body="<p>Jak wcześniej?</p>", reason="literówka"
    )
    Reaction.objects.create(post=answer, user=user)
    Follow.objects.get_or_create(user=user, topic=topic)
    community = services.community_create(title=f"Wspólnota {user.pk}")
    services.community_join(space=community, user=user)
    community.moderators.add(user)
    Report.objects.create(post=answer, reporter=user, reason=f"Zgłasza {user.full_name}")
    Suspension.objects.create(
        space=space,
        user=user,
        created_by=trainer,
        reason="próba",
        until=timezone.now() + timedelta(days=1),
    )
    AuditEntry.objects.create(
        space=space, actor=trainer, subject=user, action="suspend", note=user.email
    )
    offer = Offer.objects.create(
        organisation=organisation,
        author=user,
        title="Tłumacze języka ukraińskiego",
        body="Oferujemy tłumaczy.",
        expires_at=timezone.now() + timedelta(days=90),
    )
    ContactMessage.objects.create(
        organisation=OrganisationFactory(), offer=offer, sender=user, body=f"Pisze {user.full_name}"
    )
    assert Space.objects.filter(moderators=user).exists()
