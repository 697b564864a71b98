"""Public pages, downloads, feeds and the sitemap; the editors' studio persona matrix."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Edition, LanguageVersion, Publication, Status
from knowledge.permissions import KNOWLEDGE_EDITORS_GROUP
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory, TopicFactory
from tests.factories.knowledge import build_publication

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = UserFactory(email="editor@example.org", full_name="Ewa Redaktorka")
    user.groups.add(Group.objects.get_or_create(name=KNOWLEDGE_EDITORS_GROUP)[0])
    return user


def test_anyone_sees_the_home_listing_and_a_publication(client):
    course = CourseFactory(title="Kurs o zakwaterowaniu")
    publication = build_publication(title="Monitoring zakwaterowania", authors="Anna Zielińska")
    publication.related_courses.add(course)
    build_publication(title="Szkic", published=False)
    home = client.get(reverse("knowledge:home")).content.decode()
    assert "Monitoring zakwaterowania" in home and "Szkic" not in home
    page = client.get(publication.get_absolute_url()).content.decode()
    assert 'property="og:title" content="Monitoring zakwaterowania"' in page
    assert course.get_absolute_url() in page
    assert "Anna Zielińska. <cite>Monitoring zakwaterowania</cite>" in page  # citation
    fragment = client.get(
        reverse("knowledge:course_publications", args=[course.slug])
    ).content.decode()
    assert publication.get_absolute_url() in fragment


@pytest.mark.parametrize("count", [1, 5])
def test_the_listing_costs_the_same_whatever_its_length(client, django_assert_num_queries, count):
    topic = TopicFactory()
    for _ in range(count):
        build_publication().topics.add(topic)
    # publications count, the page, topics, current editions, their versions; facets:
    # exists, type, topic, language, year, region counts.
    with django_assert_num_queries(11):
        response = client.get(reverse("knowledge:listing"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card knowledge-card"') == count


def test_facets_filter_by_type_topic_language_year_and_region(client):
    topic = TopicFactory(name="Azyl", slug="azyl")
    report = build_publication(title="Raport regionalny", region="podlaskie")
    report.topics.add(topic)
    build_publication(title="Stanowisko ogólne", type=Publication.Type.POSITION)
    cases = {
        "type=report": "Raport regionalny",
        "topic=azyl": "Raport regionalny",
        "region=podlaskie": "Raport regionalny",
        "type=position": "Stanowisko ogólne",
        f"year={timezone.now().year}&language=pl": "Raport regionalny",
    }
    for query, expected in cases.items():
        body = client.get(reverse("knowledge:listing") + "?" + query).content.decode()
        assert expected in body, query
    body = client.get(reverse("knowledge:listing") + "?type=position").content.decode()
    assert "Raport regionalny" not in body


def test_a_draft_is_missing_for_visitors_and_there_for_editors(client, client_for, learner, editor):
    draft = build_publication(title="Szkic", published=False)
    version = LanguageVersion.objects.get(edition__publication=draft)
    for user in (None, learner):
        assert client_for(user).get(draft.get_absolute_url()).status_code == 404
        assert client_for(user).get(version.get_download_url()).status_code == 404
    assert client_for(editor).get(draft.get_absolute_url()).status_code == 200
    assert client_for(editor).get(version.get_download_url()).status_code == 200


def test_the_pdf_downloads_with_a_clear_name(client):
    publication = build_publication()
    version = LanguageVersion.objects.get(edition__publication=publication)
    response = client.get(version.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{publication.slug}-1-pl.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_superseded_editions_are_marked(client):
    from datetime import date

    from knowledge.services import edition_create

    publication = build_publication()
    edition_create(
        publication=publication,
        version_label="2",
        issued_on=date(2025, 9, 1),
        changes="Nowe przepisy",
    )
    page = client.get(publication.get_absolute_url()).content.decode()
    assert "edition-superseded" in page and "edition-current" in page and "Nowe przepisy" in page


@pytest.mark.parametrize(
    ("name", "root"),
    [("knowledge:feed_rss", "rss"), ("knowledge:feed_atom", "{http://www.w3.org/2005/Atom}feed")],
)
def test_feeds_parse_and_hold_no_drafts(client, name, root):
    build_publication(title="Widoczny raport")
    build_publication(title="Ukryty szkic", published=False)
    build_publication(title="Zaplanowany", publish_at=timezone.now() + timedelta(days=2))
    response = client.get(reverse(name))
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    assert tree.tag == root
    text = response.content.decode()
    assert "Widoczny raport" in text and "Ukryty szkic" not in text and "Zaplanowany" not in text


def test_filtered_feeds_by_type_and_topic(client):
    topic = TopicFactory(slug="azyl")
    build_publication(title="Raport A").topics.add(topic)
    build_publication(title="Stanowisko B", type=Publication.Type.POSITION)
    by_type = client.get(
        reverse("knowledge:feed_rss_filtered", args=["type", "position"])
    ).content.decode()
    assert "Stanowisko B" in by_type and "Raport A" not in by_type
    by_topic = client.get(
        reverse("knowledge:feed_atom_filtered", args=["topic", "azyl"])
    ).content.decode()
    assert "Raport A" in by_topic and "Stanowisko B" not in by_topic
    assert (
        client.get(reverse("knowledge:feed_rss_filtered", args=["type", "nope"])).status_code == 404
    )


def test_the_sitemap_lists_visible_publications_only(client):
    visible = build_publication()
    draft = build_publication(published=False)
    text = client.get(reverse("knowledge:sitemap")).content.decode()
    assert visible.get_absolute_url() in text and draft.get_absolute_url() not in text


EDITOR_URLS = [
    ("get", "knowledge:editor", False),
    ("get", "knowledge:editor_publication", True),
    ("post", "knowledge:editor_edition_add", True),
    ("post", "knowledge:editor_publish", True),
    ("post", "knowledge:editor_news_add", False),
    ("get", "knowledge:editor_news", "news"),
]


@pytest.mark.parametrize(("method", "name", "needs_pk"), EDITOR_URLS)
def test_editor_pages_persona_matrix(
    client_for, learner, trainer, outsider, staff, editor, method, name, needs_pk
):
    publication = build_publication(published=False)
    if needs_pk == "news":
        from knowledge.services import news_create

        pk = news_create(title="Szkic", slug="szkic", body="x").pk
    else:
        pk = publication.pk
    url = reverse(name, args=[pk] if needs_pk else [])
    anonymous = getattr(client_for(None), method)(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for user in (learner, trainer, outsider):
        assert getattr(client_for(user), method)(url).status_code == 404
    for user in (editor, staff):
        assert getattr(client_for(user), method)(url).status_code in (200, 302)


def test_an_editor_creates_uploads_publishes_and_adds_an_edition(
    client_for, editor, django_capture_on_commit_callbacks
):
    client = client_for(editor)
    response = client.post(
        reverse("knowledge:editor"),
        {
            "title": "Nowy raport",
            "slug": "nowy-raport",
            "type": "report",
            "language": "pl",
            "region": "national",
            "licence": "cc-by-4.0",
        },
    )
    publication = Publication.objects.get(slug="nowy-raport")
    assert response.status_code == 302
    client.post(
        reverse("knowledge:editor_edition_add", args=[publication.pk]),
        {"version_label": "1", "issued_on": "2025-01-01"},
    )
    edition = publication.editions.get()
    upload = ContentFile(files.pdf("tekst raportu"), name="raport.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("knowledge:editor_version_add", args=[publication.pk, edition.pk]),
            {"language": "pl", "title": "Nowy raport", "file": upload},
        )
    version = edition.versions.get()
    assert version.extraction_status == LanguageVersion.Extraction.EXTRACTED
    page = client.get(
        reverse("knowledge:editor_publication", args=[publication.pk])
    ).content.decode()
    assert 'class="extraction-extracted"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("knowledge:editor_publish", args=[publication.pk]), {"publish": "1"})
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED
    client.post(
        reverse("knowledge:editor_edition_add", args=[publication.pk]),
        {"version_label": "2", "issued_on": "2025-06-01", "changes": "Aktualizacja"},
    )
    assert list(
        Edition.objects.filter(publication=publication)
        .values_list("version_label", "is_current")
        .order_by("version_label")
    ) == [("1", False), ("2", True)]


def test_a_wrong_upload_is_refused_with_a_message(client_for, editor):
    publication = build_publication(published=False)
    edition = publication.editions.get()
    response = client_for(editor).post(
        reverse("knowledge:editor_version_add", args=[publication.pk, edition.pk]),
        {"language": "en", "title": "x", "file": ContentFile(b"not a document", name="x.pdf")},
        follow=True,
    )
    assert edition.versions.count() == 1
    assert "PDF, DOCX" in response.content.decode()


def test_scheduling_publishes_later(client_for, editor, client):
    publication = build_publication(published=False)
    later = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client_for(editor).post(
        reverse("knowledge:editor_publish", args=[publication.pk]), {"publish_at": later}
    )
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED and publication.published_at > timezone.now()
    assert client.get(publication.get_absolute_url()).status_code == 404


def test_staff_find_the_knowledge_base_in_the_admin(client_for, staff):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff, generate_totp_secret())
    publication = build_publication()
    client = client_for(staff)
    for url in (
        reverse("admin:knowledge_publication_changelist"),
        reverse("admin:knowledge_publication_change", args=[publication.pk]),
        reverse("admin:knowledge_languageversion_changelist"),
        reverse("admin:knowledge_newsitem_changelist"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("count", [1, 5])
def test_the_home_and_a_publication_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    topic = TopicFactory()
    publications = [build_publication() for _ in range(count)]
    for publication in publications:
        publication.topics.add(topic)
        publication.related_courses.add(CourseFactory())
    # type counts; latest, their topics, current editions, versions; topic counts; news
    with django_assert_num_queries(7):
        assert client.get(reverse("knowledge:home")).status_code == 200
    # the publication with superseded-by; topics, audiences, publishers, editions, versions,
    # related courses
    with django_assert_num_queries(7):
        assert client.get(publications[0].get_absolute_url()).status_code == 200


def test_public_pages_persona_matrix(client_for, learner, outsider, editor, staff):
    from knowledge.models import NewsItem

    course = CourseFactory()
    publication = build_publication()
    publication.related_courses.add(course)
    NewsItem.objects.create(
        title="Forum",
        slug="forum",
        body="Zapraszamy.",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    version = LanguageVersion.objects.get(edition__publication=publication)
    urls = [
        reverse("knowledge:home"),
        reverse("knowledge:listing"),
        publication.get_absolute_url(),
        version.get_download_url(),
        reverse("knowledge:news", args=["forum"]),
        reverse("knowledge:course_publications", args=[course.slug]),
        reverse("knowledge:feed_rss"),
        reverse("knowledge:feed_atom"),
        reverse("knowledge:sitemap"),
        reverse("search:page") + "?q=raport",
    ]
    for user in (None, learner, outsider, editor, staff):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)
    assert client_for(None).get(reverse("knowledge:news", args=["missing"])).status_code == 404


def test_an_editor_posts_news_with_an_attachment(
    client_for, editor, client, django_capture_on_commit_callbacks
):
    from knowledge.models import NewsItem

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            reverse("knowledge:editor_news_add"),
            {
                "title": "Forum Integracji 2027",
                "slug": "forum-2027",
                "language": "pl",
                "body": "Zapisy na forum.",
                "attachment": ContentFile(files.pdf("program forum"), name="program.pdf"),
            },
        )
    assert response.status_code == 302
    item = NewsItem.objects.get(slug="forum-2027")
    assert item.status == Status.PUBLISHED
    assert "Forum Integracji 2027" in client.get(reverse("knowledge:home")).content.decode()
    assert "Forum Integracji 2027" in client.get(reverse("knowledge:feed_rss")).content.decode()
    download = client.get(reverse("knowledge:news_attachment", args=["forum-2027"]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert (
        client.get(reverse("search:page"), {"q": "forum integracji"})
        .content.decode()
        .count("forum-2027")
        >= 1
    )
    client_for(editor).post(
        reverse("knowledge:editor_news_add"),
        {
            "title": "Zły plik",
            "slug": "zly",
            "language": "pl",
            "body": "x",
            "attachment": ContentFile(b"MZ not a document", name="x.pdf"),
        },
    )
    assert not NewsItem.objects.filter(slug="zly").exists()


def test_unicode_digits_in_filters_and_pages_are_ignored(client):
    build_publication()
    for query in ({"year": "²"}, {"year": "２０２５"}, {"page": "²"}):
        assert client.get(reverse("knowledge:listing"), query).status_code == 200
    assert client.get(reverse("search:page"), {"q": "raport", "page": "²"}).status_code == 200


def test_an_editor_edits_news_and_withdraws_it(
    client_for, editor, client, django_capture_on_commit_callbacks
):
    from knowledge.models import NewsItem
    from knowledge.services import news_create

    with django_capture_on_commit_callbacks(execute=True):
        item = news_create(
            title="Nabór wniosków", slug="nabor", body="Stary termin.", publish_at=timezone.now()
        )
        item.attachment.save("plan.pdf", ContentFile(files.pdf("plan")), save=True)
    url = reverse("knowledge:editor_news", args=[item.pk])
    assert "Nabór wniosków" in client_for(editor).get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            url,
            {
                "title": "Nabór wniosków — nowy termin",
                "slug": "nabor",
                "language": "pl",
                "body": "Termin przedłużony do 15 stycznia.",
            },
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Nabór wniosków — nowy termin"
    assert item.status == Status.PUBLISHED and item.attachment  # the file is kept
    public = client.get(item.get_absolute_url()).content.decode()
    assert "przedłużony do 15 stycznia" in public
    found = client.get(reverse("search:page"), {"q": "termin przedłużony"}).content.decode()
    assert item.get_absolute_url() in found
    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(url, {"unpublish": "1"})
    assert NewsItem.objects.get(pk=item.pk).status == Status.DRAFT
    assert client.get(item.get_absolute_url()).status_code == 404
    gone = client.get(reverse("search:page"), {"q": "termin przedłużony"}).content.decode()
    assert item.get_absolute_url() not in gone
    # a bad edit is refused with the form's message and changes nothing
    bad = client_for(editor).post(
        url, {"title": "", "slug": "nabor", "language": "pl", "body": "x"}
    )
    assert bad.status_code == 200
    assert NewsItem.objects.get(pk=item.pk).title == "Nabór wniosków — nowy termin"
