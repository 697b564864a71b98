"""What every email of the academy says about itself: the sender's display name and the
subject prefix, both in the language active when the mail is written (the recipient's).
How mail is sent (tasks, HTML part, footer) lives elsewhere; this is only the wording."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings


def site_name() -> str:
    """ "Akademia Migracyjna", "Migration Academy" or "Міграційна академія"."""
    return str(settings.ACADEMY_SITE_NAME)


def mail_subject(subject: str) -> str:
    """The subject with the academy's name in front, in the active language:
    "[Akademia Migracyjna] Zapisano Cię na kurs „…”"."""
    return f"[{site_name()}] {' '.join(str(subject).split())}"


def mail_sender() -> str:
    """DEFAULT_FROM_EMAIL's address with the academy's name, in the active language, as
    the display name: "Akademia Migracyjna <academy@example.org>"."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((site_name(), address or settings.DEFAULT_FROM_EMAIL))
