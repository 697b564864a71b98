"""Pages cost the same number of queries whatever the number of posts and topics."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Post, Topic

pytestmark = pytest.mark.django_db


def _topic_with_posts(space, author, count):
    topic = Topic.objects.create(space=space, title="Długi wątek", author=author, post_count=count)
    now = timezone.now()
    Post.objects.bulk_create(
        [
            Post(topic=topic, author=author, body=f"<p>Wpis {n}</p>", created_at=now)
            for n in range(count)
        ]
    )
    return topic


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["1", "last"])
def test_a_topic_page_costs_the_same_with_5_or_1000_posts(
    course_space, enrolled, trainer, client_for, page
):
    client = client_for(enrolled)
    small = _topic_with_posts(course_space, trainer, 5)
    large = _topic_with_posts(course_space, trainer, 1000)
    url = reverse("community:topic", args=[small.pk]) + f"?page={page}"
    _queries(client, url)  # warm the session and caches
    few = _queries(client, url)
    many = _queries(client, reverse("community:topic", args=[large.pk]) + f"?page={page}")
    assert few == many
    assert many <= 20


def test_a_topic_list_costs_the_same_with_3_or_600_topics(
    course_space, organisation_space, enrolled, trainer, client_for
):
    now = timezone.now()
    Topic.objects.bulk_create(
        [
            Topic(space=course_space, title=f"T{n}", author=trainer, last_post_at=now)
            for n in range(3)
        ]
    )
    Topic.objects.bulk_create(
        [
            Topic(space=organisation_space, title=f"O{n}", author=trainer, last_post_at=now)
            for n in range(600)
        ]
    )
    client = client_for(enrolled)
    _queries(client, reverse("community:space", args=[course_space.slug]))
    few = _queries(client, reverse("community:space", args=[course_space.slug]))
    many = _queries(client, reverse("community:space", args=[organisation_space.slug]) + "?page=7")
    assert few == many
    assert many <= 16
