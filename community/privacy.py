"""The community's personal data. Erasure keeps the conversation readable: posts and
topics stay with no author ("deleted user"); what only concerns the person (follows,
memberships, reactions, suspensions, their reports' identity, their messages' sender)
is deleted or unlinked. The person may ask for their posts' text to be removed too
(handled by the erasure request, not here)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import LegalBasis, PersonalData, register

from .models import (
    AuditEntry,
    CommunityMember,
    ContactMessage,
    Follow,
    Offer,
    Post,
    PostRevision,
    Reaction,
    Report,
    Space,
    Suspension,
    Topic,
)

RETENTION = _(
    "As long as the account exists; on erasure the author is removed and the text stays as “deleted user”"
)


def _me(user) -> str:
    """The person, as the export names them in each row that points at them."""
    return user.email


def _iso(value):
    return value.isoformat() if value else None


def export_topics(user):
    return [
        {
            "author": _me(user),
            "title": t.title,
            "kind": t.kind,
            "space": t.space.title,
            "created_at": _iso(t.created_at),
        }
        for t in Topic.objects.filter(author=user).select_related("space")
    ]


def erase_topics(user):
    Topic.objects.filter(author=user).update(author=None)


def export_posts(user):
    return [
        {
            "author": _me(user),
            "topic": p.topic.title,
            "body": p.body,
            "created_at": _iso(p.created_at),
        }
        for p in Post.objects.filter(author=user).select_related("topic")
    ]


def erase_posts(user):
    Post.objects.filter(author=user).update(author=None)


def export_revisions(user):
    return [
        {
            "editor": _me(user),
            "post": r.post_id,
            "reason": r.reason,
            "created_at": _iso(r.created_at),
        }
        for r in PostRevision.objects.filter(editor=user)
    ]


def erase_revisions(user):
    PostRevision.objects.filter(editor=user).update(editor=None)


def export_reactions(user):
    return [
        {"user": _me(user), "post": r.post_id, "created_at": _iso(r.created_at)}
        for r in Reaction.objects.filter(user=user)
    ]


def erase_reactions(user):
    # The helpful counts stay (aggregate statistics); the link to the person goes.
    Reaction.objects.filter(user=user).delete()


def export_follows(user):
    return [
        {"user": _me(user), "space": f.space_id, "topic": f.topic_id}
        for f in Follow.objects.filter(user=user)
    ]


def erase_follows(user):
    Follow.objects.filter(user=user).delete()


def export_members(user):
    return [
        {"user": _me(user), "space": m.space.title, "joined_at": _iso(m.joined_at)}
        for m in CommunityMember.objects.filter(user=user).select_related("space")
    ]


def erase_members(user):
    CommunityMember.objects.filter(user=user).delete()


def export_suspensions(user):
    return [
        {"user": _me(user), "space": s.space.title, "until": _iso(s.until), "reason": s.reason}
        for s in Suspension.objects.filter(user=user).select_related("space")
    ]


def erase_suspensions(user):
    Suspension.objects.filter(user=user).delete()
    Suspension.objects.filter(created_by=user).update(created_by=None)


def export_reports(user):
    return [
        {
            "reporter": _me(user),
            "post": r.post_id,
            "reason": r.reason,
            "status": r.status,
            "created_at": _iso(r.created_at),
        }
        for r in Report.objects.filter(reporter=user)
    ]


def erase_reports(user):
    Report.objects.filter(reporter=user).update(reporter=None, reason="")
    Report.objects.filter(decided_by=user).update(decided_by=None)


def export_audit(user):
    return [
        {
            "actor": _me(user) if a.actor_id == user.pk else None,
            "subject": _me(user) if a.subject_id == user.pk else None,
            "action": a.action,
            "note": a.note if a.subject_id == user.pk else "",
            "created_at": _iso(a.created_at),
        }
        for a in AuditEntry.objects.filter(Q(actor=user) | Q(subject=user))
    ]


def erase_audit(user):
    AuditEntry.objects.filter(actor=user).update(actor=None)
    AuditEntry.objects.filter(subject=user).update(subject=None, note="")


def export_offers(user):
    return [
        {"author": _me(user), "title": o.title, "created_at": _iso(o.created_at)}
        for o in Offer.objects.filter(author=user)
    ]


def erase_offers(user):
    # Offers belong to the organisation; only the link to the person who wrote them goes.
    Offer.objects.filter(author=user).update(author=None)


def export_messages(user):
    return [
        {
            "sender": _me(user),
            "organisation": m.organisation.name,
            "body": m.body,
            "created_at": _iso(m.created_at),
        }
        for m in ContactMessage.objects.filter(sender=user).select_related("organisation")
    ]


def erase_messages(user):
    ContactMessage.objects.filter(sender=user).delete()


def export_moderated(user):
    return [
        {"moderators": _me(user), "space": s.title} for s in Space.objects.filter(moderators=user)
    ]


def erase_moderated(user):
    Space.moderators.through.objects.filter(user_id=user.pk).delete()


register(
    PersonalData(
        model="community.Topic",
        user_fields=("author",),
        fields=("author", "title"),
        purpose=_("Discussions in the academy's community"),
        legal_basis=LegalBasis.CONTRACT,
        retention=RETENTION,
        export=export_topics,
        erase=erase_topics,
    )
)
register(
    PersonalData(
        model="community.Post",
        user_fields=("author",),
        fields=("author", "body"),
        purpose=_("Discussions in the academy's community"),
        legal_basis=LegalBasis.CONTRACT,
        retention=RETENTION,
        export=export_posts,
        erase=erase_posts,
    )
)
register(
    PersonalData(
        model="community.PostRevision",
        user_fields=("editor",),
        fields=("editor", "reason"),
        purpose=_("Edit history of posts, for moderation"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=RETENTION,
        export=export_revisions,
        erase=erase_revisions,
    )
)
register(
    PersonalData(
        model="community.Reaction",
        user_fields=("user",),
        fields=("user",),
        purpose=_("“Helpful” marks on posts"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("As long as the account exists; deleted on erasure (counts stay)"),
        export=export_reactions,
        erase=erase_reactions,
    )
)
register(
    PersonalData(
        model="community.Follow",
        user_fields=("user",),
        fields=("user", "space", "topic"),
        purpose=_("Notifications about spaces and topics you follow"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("As long as the account exists; deleted on erasure"),
        export=export_follows,
        erase=erase_follows,
    )
)
register(
    PersonalData(
        model="community.CommunityMember",
        user_fields=("user",),
        fields=("user", "space"),
        purpose=_("Membership of thematic communities"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("As long as the account exists; deleted on erasure"),
        export=export_members,
        erase=erase_members,
    )
)
register(
    PersonalData(
        model="community.Suspension",
        user_fields=("user", "created_by"),
        fields=("user", "reason", "until"),
        purpose=_("Moderation of the community"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("Until it ends; deleted on erasure"),
        export=export_suspensions,
        erase=erase_suspensions,
    )
)
register(
    PersonalData(
        model="community.Report",
        user_fields=("reporter", "decided_by"),
        fields=("reporter", "reason"),
        purpose=_("Reports of posts to moderators"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("As long as the account exists; anonymised on erasure"),
        export=export_reports,
        erase=erase_reports,
    )
)
register(
    PersonalData(
        model="community.AuditEntry",
        user_fields=("actor", "subject"),
        fields=("actor", "subject", "note"),
        purpose=_("Audit log of moderation"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("Anonymised on erasure"),
        export=export_audit,
        erase=erase_audit,
    )
)
register(
    PersonalData(
        model="community.Offer",
        user_fields=("author",),
        fields=("author",),
        purpose=_("Offers and needs in the partnerships directory"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("The offer belongs to the organisation; the author is removed on erasure"),
        export=export_offers,
        erase=erase_offers,
    )
)
register(
    PersonalData(
        model="community.ContactMessage",
        user_fields=("sender",),
        fields=("sender", "body"),
        purpose=_("Messages to organisations from the partnerships directory"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("As long as the account exists; deleted on erasure"),
        export=export_messages,
        erase=erase_messages,
    )
)
register(
    PersonalData(
        model="community.Space",
        user_fields=("moderators",),
        fields=("moderators",),
        purpose=_("Appointed moderators of communities"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("Until the appointment ends; removed on erasure"),
        export=export_moderated,
        erase=erase_moderated,
    )
)
