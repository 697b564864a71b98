"""Persona × URL matrix for every page of the community, and the actions that write."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community import services
from community.models import Attachment, ContactMessage, Post

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "not_enrolled",
    "enrolled",
    "trainer",
    "coordinator",
    "moderator",
    "staff",
    "suspended",
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def world(
    request,
    on_commit,
    course_space,
    organisation_space,
    community_space,
    enrolled,
    trainer,
    coordinator,
    moderator,
    staff,
    suspended,
    not_enrolled,
    outsider,
    organisation,
    settings,
    tmp_path,
):
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path
    course_topic = on_commit(
        services.topic_create,
        space=course_space,
        author=trainer,
        kind="question",
        title="Pytanie kursowe",
        body="<p>Treść</p>",
    )
    learner_post = on_commit(
        services.post_create,
        topic=course_topic,
        author=enrolled,
        body="<p>Odpowiedź</p>",
        files=[SimpleUploadedFile("mapa.png", PNG)],
    )
    services.post_edit(post=learner_post, editor=enrolled, body="<p>Odpowiedź poprawiona</p>")
    org_topic = on_commit(
        services.topic_create,
        space=organisation_space,
        author=coordinator,
        kind="discussion",
        title="Wewnętrzne",
        body="<p>x</p>",
    )
    community_topic = on_commit(
        services.topic_create,
        space=community_space,
        author=moderator,
        kind="discussion",
        title="Wspólnota",
        body="<p>x</p>",
    )
    offer = on_commit(
        services.offer_create,
        organisation=organisation,
        author=coordinator,
        kind="offer",
        title="Tłumacze",
        body="Oferujemy tłumaczy.",
    )
    people = {
        "anonymous": None,
        "outsider": outsider,
        "not_enrolled": not_enrolled,
        "enrolled": enrolled,
        "trainer": trainer,
        "coordinator": coordinator,
        "moderator": moderator,
        "staff": staff,
        "suspended": suspended,
    }
    return {
        "people": people,
        "course_space": course_space,
        "organisation_space": organisation_space,
        "community_space": community_space,
        "course_topic": course_topic,
        "learner_post": learner_post,
        "first_post": course_topic.posts.order_by("pk").first(),
        "org_topic": org_topic,
        "community_topic": community_topic,
        "attachment": Attachment.objects.get(post=learner_post),
        "offer": offer,
        "organisation": organisation,
    }


# Expected status per persona, in PERSONAS order; "login" means a redirect to sign in.
L = "login"
MATRIX = {
    "index": (lambda w: reverse("community:index"), [L, 200, 200, 200, 200, 200, 200, 200, 200]),
    "course space": (
        lambda w: reverse("community:space", args=[w["course_space"].slug]),
        [L, 404, 404, 200, 200, 404, 404, 200, 200],
    ),
    "course space by course": (
        lambda w: reverse("community:course_space", args=["praca-z-uchodzcami"]),
        [L, 404, 404, 302, 302, 404, 404, 302, 302],
    ),
    "course page's discussions card": (
        lambda w: reverse("community:course_link", args=["praca-z-uchodzcami"]),
        [L, 404, 404, 200, 200, 404, 404, 200, 200],
    ),
    "organisation space": (
        lambda w: reverse("community:space", args=[w["organisation_space"].slug]),
        [L, 404, 200, 200, 200, 200, 404, 200, 200],
    ),
    "community": (
        lambda w: reverse("community:space", args=[w["community_space"].slug]),
        [L, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    "course topic": (
        lambda w: reverse("community:topic", args=[w["course_topic"].pk]),
        [L, 404, 404, 200, 200, 404, 404, 200, 200],
    ),
    "organisation topic": (
        lambda w: reverse("community:topic", args=[w["org_topic"].pk]),
        [L, 404, 200, 200, 200, 200, 404, 200, 200],
    ),
    "community topic": (
        lambda w: reverse("community:topic", args=[w["community_topic"].pk]),
        [L, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    "new topic in course": (
        lambda w: reverse("community:topic_new", args=[w["course_space"].slug]),
        [L, 404, 404, 200, 200, 404, 404, 200, 302],
    ),
    "new topic in community": (
        lambda w: reverse("community:topic_new", args=[w["community_space"].slug]),
        [L, 302, 302, 302, 302, 302, 200, 200, 302],
    ),
    "course moderation": (
        lambda w: reverse("community:moderation", args=[w["course_space"].slug]),
        [L, 404, 404, 404, 200, 404, 404, 200, 404],
    ),
    "organisation moderation": (
        lambda w: reverse("community:moderation", args=[w["organisation_space"].slug]),
        [L, 404, 404, 404, 404, 200, 404, 200, 404],
    ),
    "community moderation": (
        lambda w: reverse("community:moderation", args=[w["community_space"].slug]),
        [L, 404, 404, 404, 404, 404, 200, 200, 404],
    ),
    "report": (
        lambda w: reverse("community:report", args=[w["first_post"].pk]),
        [L, 404, 404, 200, 200, 404, 404, 200, 200],
    ),
    "edit": (
        lambda w: reverse("community:edit", args=[w["learner_post"].pk]),
        [L, 404, 404, 200, 200, 404, 404, 200, 404],
    ),
    "history": (
        lambda w: reverse("community:history", args=[w["learner_post"].pk]),
        [L, 404, 404, 404, 200, 404, 404, 200, 404],
    ),
    "attachment": (
        lambda w: reverse("community:attachment", args=[w["attachment"].pk]),
        [L, 404, 404, 200, 200, 404, 404, 200, 200],
    ),
    "directory": (lambda w: reverse("community:directory"), [200] * 9),
    "organisation profile": (
        lambda w: reverse("community:organisation", args=[w["organisation"].pk]),
        [200] * 9,
    ),
    "offer": (lambda w: reverse("community:offer", args=[w["offer"].pk]), [200] * 9),
    "new offer": (
        lambda w: reverse("community:offer_new"),
        [L, 404, 404, 404, 404, 200, 404, 200, 404],
    ),
    "my offers": (
        lambda w: reverse("community:my_offers"),
        [L, 404, 404, 404, 404, 200, 404, 200, 404],
    ),
    "profile": (
        lambda w: reverse("community:profile"),
        [L, 404, 404, 404, 404, 200, 404, 200, 404],
    ),
    "inbox": (lambda w: reverse("community:inbox"), [L, 404, 404, 404, 404, 200, 404, 200, 404]),
}


@pytest.mark.parametrize("name", list(MATRIX))
def test_persona_matrix(name, world, client_for):
    url_of, expected = MATRIX[name]
    url = url_of(world)
    got = []
    for persona in PERSONAS:
        response = client_for(world["people"][persona]).get(url)
        status = response.status_code
        if status == 302 and "/accounts/login/" in response["Location"]:
            status = L
        got.append(status)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True))


def test_attachment_is_served_with_its_sniffed_type_and_no_sniffing(world, client_for):
    response = client_for(world["people"]["enrolled"]).get(
        reverse("community:attachment", args=[world["attachment"].pk])
    )
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_learner_replies_and_a_suspended_member_cannot(
    world, client_for, django_capture_on_commit_callbacks
):
    topic = world["course_topic"]
    url = reverse("community:reply", args=[topic.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world["people"]["enrolled"]).post(url, {"body": "<p>Dziękuję</p>"})
    assert response.status_code == 302
    assert Post.objects.filter(topic=topic, body="<p>Dziękuję</p>").exists()
    response = client_for(world["people"]["suspended"]).post(
        url, {"body": "<p>Spam</p>"}, follow=True
    )
    assert not Post.objects.filter(body="<p>Spam</p>").exists()
    assert "zawieszon" in response.content.decode() or "suspended" in response.content.decode()
    assert (
        client_for(world["people"]["outsider"]).post(url, {"body": "<p>x</p>"}).status_code == 404
    )


def test_a_reply_can_quote_another_post(world, client_for):
    topic = world["course_topic"]
    client_for(world["people"]["trainer"]).post(
        reverse("community:reply", args=[topic.pk]),
        {"body": "<p>Zgoda</p>", "quote": str(world["learner_post"].pk)},
    )
    post = Post.objects.get(topic=topic, body__endswith="<p>Zgoda</p>")
    assert post.body.startswith("<blockquote>") and post.quoted_id == world["learner_post"].pk


def test_only_moderators_hide(world, client_for):
    post = world["learner_post"]
    url = reverse("community:hide", args=[post.pk])
    assert client_for(world["people"]["enrolled"]).post(url).status_code == 404
    assert client_for(world["people"]["coordinator"]).post(url).status_code == 404
    assert client_for(world["people"]["trainer"]).post(url).status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.HIDDEN
    # The hidden post is gone for learners, still there for moderators.
    assert (
        "Odpowiedź poprawiona"
        not in client_for(world["people"]["not_enrolled"])
        .get(reverse("community:topic", args=[post.topic_id]))
        .content.decode()
    )
    assert (
        client_for(world["people"]["enrolled"])
        .get(reverse("community:history", args=[post.pk]))
        .status_code
        == 404
    )


def test_helpful_and_accept_through_the_views(world, client_for):
    post = world["learner_post"]
    client_for(world["people"]["trainer"]).post(reverse("community:helpful", args=[post.pk]))
    client_for(world["people"]["trainer"]).post(reverse("community:accept", args=[post.pk]))
    post.refresh_from_db()
    world["course_topic"].refresh_from_db()
    assert post.helpful_count == 1 and world["course_topic"].accepted_post_id == post.pk
    assert (
        client_for(world["people"]["outsider"])
        .post(reverse("community:helpful", args=[post.pk]))
        .status_code
        == 404
    )


def test_a_member_of_another_organisation_writes_to_the_coordinators(
    world, client_for, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    url = reverse("community:contact", args=[world["offer"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world["people"]["outsider"]).post(
            url, {"body": "Potrzebujemy tłumacza w piątek."}
        )
    message = ContactMessage.objects.get()
    assert message.organisation == world["organisation"]
    coordinator = world["people"]["coordinator"]
    assert Notification.objects.filter(recipient=coordinator, type="community.contact").exists()
    inbox = client_for(coordinator).get(reverse("community:inbox")).content.decode()
    assert "Potrzebujemy tłumacza" in inbox and "outsider@example.org" not in inbox
    response = client_for(None).post(url, {"body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_directory_filters_by_voivodeship_and_words(world, client_for):
    client = client_for(None)
    assert (
        "Tłumacze"
        in client.get(reverse("community:directory") + "?voivodeship=mazowieckie").content.decode()
    )
    assert (
        "Tłumacze"
        not in client.get(
            reverse("community:directory") + "?voivodeship=podlaskie"
        ).content.decode()
    )
    assert "Tłumacze" in client.get(reverse("community:directory") + "?q=tłumacz").content.decode()


def test_topic_list_filters_unanswered_questions(world, client_for):
    client = client_for(world["people"]["trainer"])
    url = reverse("community:space", args=[world["course_space"].slug])
    assert "Pytanie kursowe" in client.get(url + "?unanswered=1").content.decode()
    client.post(reverse("community:accept", args=[world["learner_post"].pk]))
    assert "Pytanie kursowe" not in client.get(url + "?unanswered=1").content.decode()


def test_moderator_pins_locks_and_moves(world, client_for):
    topic = world["course_topic"]
    client = client_for(world["people"]["staff"])
    url = reverse("community:topic_moderate", args=[topic.pk])
    client.post(url, {"action": "lock"})
    client.post(url, {"action": "pin"})
    topic.refresh_from_db()
    assert topic.is_locked and topic.is_pinned
    response = client_for(world["people"]["enrolled"]).post(
        reverse("community:reply", args=[topic.pk]), {"body": "<p>po blokadzie</p>"}
    )
    assert (
        response.status_code == 302 and not Post.objects.filter(body="<p>po blokadzie</p>").exists()
    )
    client.post(url, {"action": "move", "space": str(world["community_space"].pk)})
    topic.refresh_from_db()
    assert topic.space == world["community_space"]
    assert client_for(world["people"]["trainer"]).post(url, {"action": "unlock"}).status_code == 404


def test_suspension_through_the_queue(world, client_for):
    space = world["course_space"]
    enrolled = world["people"]["enrolled"]
    client_for(world["people"]["trainer"]).post(
        reverse("community:suspend", args=[space.slug]),
        {"user": str(enrolled.pk), "days": "2", "reason": "spam"},
    )
    assert space.suspensions.filter(user=enrolled).exists()
    assert space.audit.filter(action="suspend").exists()


def test_a_member_writes_to_an_organisation_from_its_profile(world, client_for):
    url = reverse("community:organisation_contact", args=[world["organisation"].pk])
    client_for(world["people"]["outsider"]).post(url, {"body": "Czy macie wolne sale?"})
    assert ContactMessage.objects.filter(offer=None, body="Czy macie wolne sale?").exists()
    assert client_for(None).post(url, {"body": "x"}).status_code == 302
    assert ContactMessage.objects.count() == 1
    page = client_for(world["people"]["outsider"]).get(
        reverse("community:organisation", args=[world["organisation"].pk])
    )
    assert "coordinator@example.org" not in page.content.decode()


def test_the_course_page_offers_its_discussions_and_hides_them_when_switched_off(world, client_for):
    enrolled, trainer = world["people"]["enrolled"], world["people"]["trainer"]
    card = reverse("community:course_link", args=["praca-z-uchodzcami"])
    course_page = client_for(enrolled).get(reverse("courses:detail", args=["praca-z-uchodzcami"]))
    assert f'data-hx-get="{card}"' in course_page.text
    response = client_for(enrolled).get(card)
    assert reverse("community:course_space", args=["praca-z-uchodzcami"]) in response.text
    assert "Otwórz dyskusje kursu (1 temat)" in response.text
    world["course_space"].is_enabled = False
    world["course_space"].save(update_fields=["is_enabled"])
    assert client_for(enrolled).get(card).status_code == 404
    # The trainer moderates the space and still reaches it to switch it back on.
    assert client_for(trainer).get(card).status_code == 200


def test_the_discussions_card_before_the_course_space_exists(db, client_for, course, enrolled):
    """The space is created on first use: the card already leads there."""
    response = client_for(enrolled).get(reverse("community:course_link", args=[course.slug]))
    assert response.status_code == 200
    assert "(0 tematów)" in response.text
