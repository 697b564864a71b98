import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from community import permissions, services
from community.models import BlockedWord, Follow, Post, Report, Topic
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def test_a_learners_question_notifies_the_trainer_not_the_learner(
    on_commit, course_space, enrolled, trainer
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind=Topic.Kind.QUESTION,
        title="Jak liczyć okres ochrony czasowej?",
        body="<p>Od kiedy liczymy?</p>",
    )
    assert Notification.objects.filter(recipient=trainer, type="community.new_topic").count() == 1
    assert not Notification.objects.filter(recipient=enrolled).exists()
    assert Follow.objects.filter(user=enrolled, topic=topic).exists()


def test_a_reply_notifies_followers_and_acceptance_notifies_the_answerer(
    on_commit, course_space, enrolled, trainer
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind="question",
        title="Pytanie",
        body="<p>Treść</p>",
    )
    answer = on_commit(services.post_create, topic=topic, author=trainer, body="<p>Odpowiedź</p>")
    assert Notification.objects.filter(recipient=enrolled, type="community.reply").count() == 1
    assert not Notification.objects.filter(recipient=trainer, type="community.reply").exists()
    on_commit(services.answer_accept, post=answer, user=enrolled)
    topic.refresh_from_db()
    assert topic.accepted_post == answer
    assert Notification.objects.filter(recipient=trainer, type="community.accepted").exists()


def test_someone_else_cannot_accept_an_answer(
    on_commit, course_space, enrolled, trainer, not_enrolled
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=trainer,
        kind="question",
        title="Q",
        body="<p>x</p>",
    )
    answer = on_commit(services.post_create, topic=topic, author=enrolled, body="<p>a</p>")
    with pytest.raises(ValidationError):
        services.answer_accept(post=answer, user=not_enrolled)


def test_an_announcement_notifies_everyone_in_the_space_but_the_author(
    on_commit, course_space, enrolled, trainer
):
    on_commit(
        services.topic_create,
        space=course_space,
        author=trainer,
        kind="announcement",
        title="Zmiana terminu",
        body="<p>x</p>",
    )
    assert Notification.objects.filter(recipient=enrolled, type="community.announcement").exists()
    assert not Notification.objects.filter(recipient=trainer).exists()


def test_learners_cannot_announce(course_space, enrolled):
    with pytest.raises(ValidationError) as error:
        services.topic_create(
            space=course_space, author=enrolled, kind="announcement", title="x", body="<p>x</p>"
        )
    assert error.value.code == "announce"


def test_mentions_notify_only_people_who_can_read_the_space(
    on_commit, course_space, enrolled, trainer, outsider
):
    on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind="discussion",
        title="Wzmianka",
        body=f"<p>@{trainer.full_name} i @{outsider.full_name} co sądzicie?</p>",
    )
    assert Notification.objects.filter(recipient=trainer, type="community.mention").exists()
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_body_is_sanitised_like_course_pages(course_space, enrolled):
    topic = services.topic_create(
        space=course_space,
        author=enrolled,
        kind="discussion",
        title="<script>alert(1)</script>",
        body='<p onclick="alert(1)">ok<script>alert(2)</script><img src=x onerror=alert(3)></p>',
    )
    body = topic.posts.get().body
    assert "script" not in body and "onclick" not in body and "onerror" not in body


@override_settings(COMMUNITY_POSTS_PER_WINDOW=3)
def test_a_flood_hits_the_rate_limit_with_a_clear_message(course_space, enrolled):
    topic = services.topic_create(
        space=course_space, author=enrolled, kind="discussion", title="t", body="<p>x</p>"
    )
    services.post_create(topic=topic, author=enrolled, body="<p>1</p>")
    services.post_create(topic=topic, author=enrolled, body="<p>2</p>")
    with pytest.raises(ValidationError) as error:
        services.post_create(topic=topic, author=enrolled, body="<p>3</p>")
    assert error.value.code == "rate_limited"
    assert "minut" in error.value.messages[0]


def test_blocked_words_are_refused(course_space, enrolled):
    BlockedWord.objects.create(word="brzydkie")
    with pytest.raises(ValidationError) as error:
        services.topic_create(
            space=course_space,
            author=enrolled,
            kind="discussion",
            title="t",
            body="<p>Brzydkie słowo</p>",
        )
    assert error.value.code == "blocked_words"


def test_a_suspended_member_cannot_post_react_or_report(
    on_commit, course_space, trainer, suspended
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=trainer,
        kind="discussion",
        title="t",
        body="<p>x</p>",
    )
    post = topic.posts.get()
    for action in (
        lambda: services.post_create(topic=topic, author=suspended, body="<p>spam</p>"),
        lambda: services.topic_create(
            space=course_space, author=suspended, kind="discussion", title="s", body="<p>s</p>"
        ),
        lambda: services.helpful_toggle(post=post, user=suspended),
        lambda: services.post_report(post=post, reporter=suspended, reason="spam"),
    ):
        with pytest.raises(ValidationError) as error:
            action()
        assert error.value.code == "suspended"


def test_first_posts_of_new_accounts_are_held_where_the_space_asks(
    on_commit, course_space, enrolled, trainer
):
    course_space.hold_first_posts = True
    course_space.save()
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind="question",
        title="t",
        body="<p>x</p>",
    )
    assert not topic.is_visible
    assert not Notification.objects.filter(recipient=trainer, type="community.new_topic").exists()
    assert Notification.objects.filter(recipient=trainer, type="community.report_waiting").exists()
    on_commit(services.post_restore, post=topic.posts.get(), moderator=trainer)
    topic.refresh_from_db()
    assert topic.is_visible and topic.post_count == 1
    assert Notification.objects.filter(recipient=trainer, type="community.new_topic").exists()


def test_report_hide_tells_the_reporter_and_audits(
    on_commit, course_space, enrolled, trainer, not_enrolled
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=trainer,
        kind="discussion",
        title="t",
        body="<p>x</p>",
    )
    reply = on_commit(services.post_create, topic=topic, author=enrolled, body="<p>obraźliwe</p>")
    report = on_commit(services.post_report, post=reply, reporter=trainer, reason="Obraźliwe")
    on_commit(services.post_hide, post=reply, moderator=trainer)
    report.refresh_from_db()
    reply.refresh_from_db()
    assert reply.status == Post.Status.HIDDEN and report.status == Report.Status.HIDDEN
    assert course_space.audit.filter(action="hide").exists()
    topic.refresh_from_db()
    assert topic.post_count == 1


def test_moderator_edit_needs_a_reason_and_keeps_history(
    on_commit, course_space, enrolled, trainer
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind="discussion",
        title="t",
        body="<p>stare</p>",
    )
    post = topic.posts.get()
    with pytest.raises(ValidationError):
        services.post_edit(post=post, editor=trainer, body="<p>nowe</p>", reason="")
    services.post_edit(post=post, editor=trainer, body="<p>nowe</p>", reason="dane osobowe")
    assert post.revisions.get().body == "<p>stare</p>"


def test_spoofed_attachment_is_refused(course_space, enrolled):
    fake = SimpleUploadedFile(
        "zdjecie.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    with pytest.raises(ValidationError) as error:
        services.topic_create(
            space=course_space,
            author=enrolled,
            kind="discussion",
            title="t",
            body="<p>x</p>",
            files=[fake],
        )
    assert error.value.code == "file_type"


@override_settings(COMMUNITY_ATTACHMENT_MAX_BYTES=100)
def test_large_attachment_is_refused(course_space, enrolled):
    big = SimpleUploadedFile("duzy.pdf", PDF + b"0" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.topic_create(
            space=course_space,
            author=enrolled,
            kind="discussion",
            title="t",
            body="<p>x</p>",
            files=[big],
        )
    assert error.value.code == "too_large"


def test_pdf_and_image_attachments_are_kept_privately(course_space, enrolled, settings, tmp_path):
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path
    topic = services.topic_create(
        space=course_space,
        author=enrolled,
        kind="discussion",
        title="t",
        body="<p>x</p>",
        files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)],
    )
    types = sorted(topic.posts.get().attachments.values_list("content_type", flat=True))
    assert types == ["application/pdf", "image/png"]


def test_staff_moderate_everything_trainers_only_their_course(
    course_space, organisation_space, community_space, trainer, coordinator, staff, moderator
):
    assert permissions.can_moderate_space(trainer, course_space)
    assert not permissions.can_moderate_space(trainer, organisation_space)
    assert permissions.can_moderate_space(coordinator, organisation_space)
    assert not permissions.can_moderate_space(coordinator, course_space)
    assert permissions.can_moderate_space(moderator, community_space)
    assert all(
        permissions.can_moderate_space(staff, s)
        for s in (course_space, organisation_space, community_space)
    )


def test_private_spaces_stay_private(
    course_space, organisation_space, community_space, outsider, not_enrolled, enrolled
):
    assert set(permissions.visible_spaces(outsider)) == {community_space}
    assert set(permissions.visible_spaces(not_enrolled)) == {organisation_space, community_space}
    assert set(permissions.visible_spaces(enrolled)) == {
        course_space,
        organisation_space,
        community_space,
    }


def test_a_switched_off_course_space_is_seen_only_by_its_trainers(course_space, enrolled, trainer):
    course_space.is_enabled = False
    course_space.save()
    assert not permissions.can_see_space(enrolled, course_space)
    assert permissions.can_see_space(trainer, course_space)


def test_community_members_join_before_posting(community_space, outsider):
    assert not permissions.can_post_in_space(outsider, community_space)
    services.community_join(space=community_space, user=outsider)
    assert permissions.can_post_in_space(outsider, community_space)
    services.community_leave(space=community_space, user=outsider)
    assert not permissions.can_post_in_space(outsider, community_space)


def test_a_hidden_post_leaves_pending_notifications_and_digests(
    on_commit, course_space, enrolled, trainer
):
    topic = on_commit(
        services.topic_create,
        space=course_space,
        author=enrolled,
        kind="discussion",
        title="t",
        body="<p>x</p>",
    )
    reply = on_commit(services.post_create, topic=topic, author=trainer, body="<p>reklama</p>")
    assert Notification.objects.filter(recipient=enrolled, type="community.reply").exists()
    on_commit(services.post_hide, post=reply, moderator=trainer)
    assert not Notification.objects.filter(recipient=enrolled, type="community.reply").exists()


def test_an_offer_expires_and_is_renewed(on_commit, coordinator, organisation):
    from datetime import timedelta

    from django.utils import timezone

    from community.models import Offer

    offer = on_commit(
        services.offer_create,
        organisation=organisation,
        author=coordinator,
        kind="offer",
        title="Sale",
        body="Sale szkoleniowe",
    )
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert not Offer.objects.current().filter(pk=offer.pk).exists()
    on_commit(services.offer_renew, offer=offer)
    assert Offer.objects.current().filter(pk=offer.pk).exists()


def test_the_predicates_say_what_the_querysets_say(
    course_space,
    organisation_space,
    community_space,
    enrolled,
    trainer,
    coordinator,
    staff,
    moderator,
    outsider,
    not_enrolled,
):
    course_space.is_enabled = False
    course_space.save()
    for user in (enrolled, trainer, coordinator, staff, moderator, outsider, not_enrolled):
        visible = set(permissions.visible_spaces(user))
        moderated = set(permissions.moderated_spaces(user))
        for space in (course_space, organisation_space, community_space):
            assert permissions.can_see_space(user, space) == (space in visible), (user, space)
            assert permissions.can_moderate_space(user, space) == (space in moderated), (
                user,
                space,
            )
