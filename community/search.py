"""Community entries in the academy's search index. A topic (its title and the text of
its visible posts) is one entry with the audience of its space, so only people who may
read the space find it; a current offer is public. Called from tasks."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import strip_tags

from search.models import Kind
from search.services import entries_delete, entry_upsert

from .models import Offer, Post, Topic

TOPIC_BODY_CHARS = 200_000


def space_audience(space_id: int) -> str:
    return f"community.space:{space_id}"


def topic_key(topic_id: int) -> str:
    return f"community.topic:{topic_id}"


def offer_key(offer_id: int) -> str:
    return f"community.offer:{offer_id}"


def _text(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def topic_index(topic_id: int) -> bool:
    """Write or remove the topic's entry; True when it is in the index."""
    topic = Topic.objects.select_related("space").filter(pk=topic_id).first()
    if topic is None or not topic.is_visible:
        entries_delete(keys=[topic_key(topic_id)])
        return False
    bodies = Post.objects.filter(topic=topic, status=Post.Status.VISIBLE).order_by("pk")
    text, size = [], 0
    for body in bodies.values_list("body", flat=True).iterator():
        piece = _text(body)
        text.append(piece)
        size += len(piece)
        if size > TOPIC_BODY_CHARS:
            break
    entry_upsert(
        key=topic_key(topic.pk),
        kind=Kind.DISCUSSION,
        category=topic.kind,
        title=topic.title,
        url=reverse("community:topic", kwargs={"pk": topic.pk}),
        language="pl",
        summary=text[0][:500] if text else "",
        body=" ".join(text),
        context=topic.space.title,
        is_public=False,
        audience=space_audience(topic.space_id),
        published_at=topic.created_at,
    )
    return True


def offer_index(offer_id: int) -> bool:
    offer = (
        Offer.objects.current()
        .select_related("organisation", "topic")
        .filter(pk=offer_id, organisation__partner_profile__is_listed=True)
        .first()
    )
    if offer is None:
        entries_delete(keys=[offer_key(offer_id)])
        return False
    entry_upsert(
        key=offer_key(offer.pk),
        kind=Kind.PARTNERSHIP,
        category=offer.kind,
        title=offer.title,
        url=reverse("community:offer", kwargs={"pk": offer.pk}),
        language="pl",
        summary=offer.body[:500],
        keywords=" ".join(
            filter(None, [offer.organisation.name, offer.topic.name if offer.topic else ""])
        ),
        body=offer.body,
        context=offer.organisation.name,
        is_public=True,
        published_at=offer.created_at,
    )
    return True


def expired_offers_unindex(now=None) -> int:
    from django.utils import timezone

    from search.models import SearchEntry

    current = {
        offer_key(pk)
        for pk in Offer.objects.current(now or timezone.now()).values_list("pk", flat=True)
    }
    stale = [
        key
        for key in SearchEntry.objects.filter(key__startswith="community.offer:").values_list(
            "key", flat=True
        )
        if key not in current
    ]
    return entries_delete(keys=stale) if stale else 0
