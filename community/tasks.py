"""The community's background work: notification fan-out and search indexing. Every task
is idempotent (notifications are unique per recipient and event)."""

from __future__ import annotations

from background.durable import durable_task

from . import notices
from .search import expired_offers_unindex, offer_index, topic_index


@durable_task()
def topic_reindex(topic_id: int) -> bool:
    return topic_index(topic_id)


@durable_task()
def offer_reindex(offer_id: int) -> bool:
    return offer_index(offer_id)


@durable_task()
def organisation_offers_reindex(organisation_id: int) -> int:
    from .models import Offer

    ids = list(Offer.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True))
    for pk in ids:
        offer_index(pk)
    return len(ids)


@durable_task()
def offers_expire() -> int:
    return expired_offers_unindex()


@durable_task()
def post_notify(post_id: int, new_topic: bool) -> int:
    from .fanout import post_fan_out

    return post_fan_out(post_id, new_topic=new_topic)


@durable_task()
def held_notify(post_id: int) -> int:
    from .fanout import held_fan_out

    return held_fan_out(post_id)


@durable_task()
def accepted_notify(post_id: int) -> int:
    from .fanout import accepted_fan_out

    return accepted_fan_out(post_id)


@durable_task()
def report_notify(report_id: int) -> int:
    from .fanout import report_fan_out

    return report_fan_out(report_id)


@durable_task()
def report_outcome_notify(report_id: int) -> int:
    from .fanout import report_outcome_fan_out

    return report_outcome_fan_out(report_id)


@durable_task()
def contact_notify(message_id: int) -> int:
    from .fanout import contact_fan_out

    return contact_fan_out(message_id)


__all__ = ["notices"]
