"""The academy's URLs plus /media/ served from MEDIA_ROOT as in development (``make run``
with DEBUG): the public media URL at its most exposed, for tests/h5p/test_private_files.py."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import re_path
from django.views.static import serve

from academy.urls import urlpatterns as academy_urlpatterns

urlpatterns = [
    re_path(
        r"^media/(?P<path>.*)$", login_not_required(serve), {"document_root": settings.MEDIA_ROOT}
    ),
    *academy_urlpatterns,
]
