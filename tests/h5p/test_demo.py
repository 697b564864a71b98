import io

import pytest
from django.core.management import call_command

from courses.models import Item
from h5p.models import Activity, Library

pytestmark = pytest.mark.django_db


def test_the_demo_adds_playable_activities_once(settings):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    activities = Activity.objects.select_related("item__course")
    assert sorted(a.item.course.slug for a in activities) == [
        "ochrona-czasowa-ukraina",
        "working-with-interpreters",
    ]
    assert Item.objects.filter(kind="h5p").count() == 2
    assert all(library.is_approved for library in Library.objects.all())
