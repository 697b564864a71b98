"""Where H5P package and library files live: private storage, outside MEDIA_ROOT, so
no public URL (``/media/`` or a web server's alias) can serve them. The player view on
the isolated origin is their only way out, behind a signed, expiring token."""

from __future__ import annotations

from courses.storage import private_storage


def h5p_storage():
    return private_storage()
