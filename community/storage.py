"""Attachments live in the private storage (outside MEDIA_ROOT) and are streamed by a
permission-checked view."""

from courses.storage import private_storage


def community_storage():
    return private_storage()
