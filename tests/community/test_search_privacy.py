import pytest
from django.contrib.auth.models import AnonymousUser

from community import services
from community.models import Offer, Post, Topic
from privacy.registry import all_declarations, undeclared_user_relations
from search.service import search

pytestmark = pytest.mark.django_db


def _titles(query, user):
    return [hit.title for hit in search(query, user=user).hits]


def test_translators_offer_is_found_by_a_stemmed_query(
    on_commit, coordinator, organisation, outsider
):
    on_commit(
        services.offer_create,
        organisation=organisation,
        author=coordinator,
        kind=Offer.Kind.OFFER,
        title="Oferujemy tłumaczy języka ukraińskiego",
        body="Mamy zespół tłumaczy języka ukraińskiego dla urzędów i szkół.",
    )
    assert _titles("tłumacz ukraiński", outsider) == ["Oferujemy tłumaczy języka ukraińskiego"]
    assert _titles("tłumacz ukraiński", AnonymousUser()) == [
        "Oferujemy tłumaczy języka ukraińskiego"
    ]


def test_course_space_topics_are_found_only_by_its_readers(
    on_commit, course_space, enrolled, trainer, not_enrolled, outsider, staff
):
    on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind=Topic.Kind.QUESTION,
        title="Zakwaterowanie zbiorowe w szkole",
        body="<p>Jak zorganizować noclegi?</p>",
    )
    for reader in (enrolled, trainer, staff):
        assert _titles("zakwaterowanie noclegi", reader) == ["Zakwaterowanie zbiorowe w szkole"]
    for stranger in (not_enrolled, outsider, AnonymousUser()):
        assert _titles("zakwaterowanie noclegi", stranger) == []


def test_organisation_space_topics_never_leak_to_another_organisation(
    on_commit, organisation_space, coordinator, learner, outsider
):
    on_commit(
        services.topic_create,
        space=organisation_space,
        author=coordinator,
        kind="discussion",
        title="Budżet gminy na integrację",
        body="<p>Poufne ustalenia</p>",
    )
    assert _titles("budżet integracja", learner) == ["Budżet gminy na integrację"]
    assert _titles("budżet integracja", outsider) == []
    assert search("poufne", user=outsider).total == 0


def test_a_hidden_post_disappears_from_search(on_commit, course_space, enrolled, trainer):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=trainer,
        kind="discussion",
        title="Wątek",
        body="<p>Zwykła treść</p>",
    )
    reply = on_commit(
        services.post_create, topic=topic, author=enrolled, body="<p>Reklama kasyna online</p>"
    )
    assert _titles("kasyna", trainer) == ["Wątek"]
    on_commit(services.post_hide, post=reply, moderator=trainer)
    assert _titles("kasyna", trainer) == []
    assert _titles("zwykła", trainer) == ["Wątek"]


def test_a_hidden_first_post_hides_the_topic_from_search(
    on_commit, course_space, enrolled, trainer
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind="discussion",
        title="Spamowy wątek",
        body="<p>spam</p>",
    )
    on_commit(services.post_hide, post=topic.posts.get(), moderator=trainer)
    assert _titles("spamowy", trainer) == []


def test_an_expired_offer_leaves_search(on_commit, coordinator, organisation, outsider):
    from datetime import timedelta

    from django.utils import timezone

    from community.search import expired_offers_unindex

    offer = on_commit(
        services.offer_create,
        organisation=organisation,
        author=coordinator,
        kind="need",
        title="Szukamy sal szkoleniowych",
        body="Sale na 30 osób.",
    )
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert expired_offers_unindex() == 1
    assert _titles("sal szkoleniowych", outsider) == []


def test_every_user_relation_is_declared():
    assert undeclared_user_relations("community") == []


def test_erasure_keeps_posts_as_deleted_user(
    on_commit, course_space, enrolled, trainer, client_for
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind="discussion",
        title="Moje pytanie",
        body="<p>Treść</p>",
    )
    on_commit(services.post_create, topic=topic, author=trainer, body="<p>Odpowiedź</p>")
    declarations = [d for d in all_declarations() if d.model.startswith("community.")]
    exported = {d.model: d.export(enrolled) for d in declarations}
    assert exported["community.Post"][0]["body"] == "<p>Treść</p>"
    for declaration in declarations:
        declaration.erase(enrolled)
    post = Post.objects.filter(topic=topic).order_by("pk").first()
    assert post.author is None and post.body == "<p>Treść</p>"
    topic.refresh_from_db()
    assert topic.author is None
    response = client_for(trainer).get(f"/community/t/{topic.pk}/")
    assert (
        "usunięty użytkownik" in response.content.decode()
        or "deleted user" in response.content.decode()
    )


def test_demo_seed_is_idempotent_and_searchable():
    import io

    from academy import demo as academy_demo
    from community import demo
    from community.models import Space
    from courses import demo as courses_demo

    out = io.StringIO()
    academy_demo.seed(out)
    courses_demo.seed(out)
    demo.seed(out)
    counts = (Space.objects.count(), Topic.objects.count(), Offer.objects.count())
    demo.seed(out)
    assert counts == (Space.objects.count(), Topic.objects.count(), Offer.objects.count())
    assert Offer.objects.count() == 5
    assert Space.objects.filter(kind="community").count() == 2
    from academy.models import User

    official = User.objects.get(email="official@academy.example")
    assert "Oferujemy tłumaczy języka ukraińskiego" in _titles("tłumacz ukraiński", official)
