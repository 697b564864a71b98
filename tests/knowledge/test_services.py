"""The knowledge base's write paths: uploads, extraction as a task, editions, publishing
and what each leaves in the search index."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone, translation

from knowledge import services
from knowledge.indexing import publication_index
from knowledge.models import Edition, LanguageVersion
from search.models import SearchEntry
from search.service import search
from tests.factories.knowledge import build_publication

from . import files

pytestmark = pytest.mark.django_db


def test_an_extracted_pdf_is_searchable_by_a_phrase_from_inside():
    publication = build_publication(text="Zjawisko nazwaliśmy efektem gospodarza obiektu.")
    version = LanguageVersion.objects.get(edition__publication=publication)
    assert version.extraction_status == LanguageVersion.Extraction.EXTRACTED
    assert version.page_count == 3  # the title page and two chapters
    assert len(version.checksum) == 64
    hits = search("efektem gospodarza", user=AnonymousUser()).hits
    assert [hit.title for hit in hits] == [publication.title]


def test_the_extraction_task_runs_after_commit(django_capture_on_commit_callbacks):
    publication = services.publication_create(title="Zadanie", slug="zadanie", type="report")
    edition = services.edition_create(
        publication=publication, version_label="1", issued_on=date(2025, 1, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.language_version_create(
            edition=edition,
            language="pl",
            title="Zadanie",
            upload=ContentFile(files.pdf("tekst zadania"), name="a.pdf"),
        )
    version.refresh_from_db()
    assert version.extraction_status == LanguageVersion.Extraction.EXTRACTED
    assert "tekst zadania" in version.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (files.encrypted_pdf(), "encrypted"),
        (files.zero_page_pdf(), "no pages"),
        (files.entity_docx(), "entities"),
    ],
)
def test_a_bad_file_ends_failed_with_its_reason_and_nothing_indexed(content, reason):
    publication = build_publication(content=content, title="Zepsuty plik")
    version = LanguageVersion.objects.get(edition__publication=publication)
    assert version.extraction_status == LanguageVersion.Extraction.FAILED
    assert reason in version.extraction_error
    assert version.text == "" and version.page_count is None
    assert reason in version.status_text
    entry = SearchEntry.objects.get(group_key=f"knowledge.publication:{publication.pk}")
    assert (
        entry.body == ""
    )  # the publication is findable by its title, the file's text is not half there


def test_a_scan_without_text_says_so():
    publication = build_publication(content=files.blank_pdf())
    version = LanguageVersion.objects.get(edition__publication=publication)
    assert version.extraction_status == LanguageVersion.Extraction.NO_TEXT
    with translation.override("en"):
        assert "scanned" in version.status_text


def test_a_failed_version_cannot_keep_text():
    publication = build_publication(content=files.zero_page_pdf())
    with pytest.raises(IntegrityError):
        LanguageVersion.objects.filter(edition__publication=publication).update(text="half")


def test_uploads_are_sniffed_and_limited(settings):
    publication = build_publication()
    edition = publication.editions.get()
    with pytest.raises(ValidationError) as error:
        services.language_version_create(
            edition=edition,
            language="en",
            title="x",
            upload=ContentFile(b"MZ\x90\x00 not a pdf", name="report.pdf"),
        )
    assert error.value.code == "file_type"
    settings.KNOWLEDGE_FILE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.language_version_create(
            edition=edition, language="en", title="x", upload=ContentFile(files.pdf(), name="a.pdf")
        )
    assert error.value.code == "too_large"
    assert edition.versions.count() == 1


def test_docx_and_odt_are_accepted_and_extracted():
    publication = build_publication()
    edition = publication.editions.get()
    for language, content, name in (("en", files.docx(), "a.docx"), ("uk", files.odt(), "a.odt")):
        version = services.language_version_create(
            edition=edition, language=language, title=name, upload=ContentFile(content, name=name)
        )
        services.language_version_extract(version_id=version.pk)
        version.refresh_from_db()
        assert version.file_type == name.split(".")[1]
        assert version.extraction_status == LanguageVersion.Extraction.EXTRACTED


def test_a_new_edition_supersedes_the_current_one():
    publication = build_publication()
    first = publication.editions.get()
    second = services.edition_create(
        publication=publication, version_label="2", issued_on=date(2025, 6, 1), changes="Nowe dane"
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    with pytest.raises(IntegrityError):
        Edition.objects.filter(pk=first.pk).update(is_current=True)


def test_drafts_and_scheduled_publications_are_not_found_until_their_time():
    build_publication(title="Szkic o integracji", published=False)
    scheduled = build_publication(
        title="Plan o integracji", publish_at=timezone.now() + timedelta(days=1)
    )
    anonymous = AnonymousUser()
    assert search("integracji", user=anonymous).total == 0
    SearchEntry.objects.filter(group_key=f"knowledge.publication:{scheduled.pk}").update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    assert [hit.title for hit in search("integracji", user=anonymous).hits] == ["Plan o integracji"]


def test_unpublishing_removes_the_publication_from_the_index():
    publication = build_publication(title="Raport o tłumaczach")
    assert search("tłumaczach", user=AnonymousUser()).total == 1
    services.publication_unpublish(publication=publication)
    publication_index(publication.pk)
    assert search("tłumaczach", user=AnonymousUser()).total == 0


def test_the_demo_seed_is_idempotent():
    import io

    from knowledge import demo
    from knowledge.models import Publication

    demo.seed(io.StringIO())
    first = (
        Publication.objects.count(),
        LanguageVersion.objects.count(),
        SearchEntry.objects.count(),
    )
    demo.seed(io.StringIO())
    assert (
        Publication.objects.count(),
        LanguageVersion.objects.count(),
        SearchEntry.objects.count(),
    ) == first
    assert first[0] == 7
    assert not LanguageVersion.objects.exclude(
        extraction_status=LanguageVersion.Extraction.EXTRACTED
    ).exists()
    assert (
        Edition.objects.filter(
            publication__slug="monitoring-zakwaterowania-zbiorowego", is_current=False
        ).count()
        == 1
    )


def test_a_second_version_in_the_same_language_is_refused_and_stores_no_file():
    from courses.storage import private_storage

    publication = build_publication()
    edition = publication.editions.get()
    _dirs, before = private_storage().listdir("knowledge")
    with pytest.raises(ValidationError):
        services.language_version_create(
            edition=edition,
            language="pl",
            title="Again",
            upload=ContentFile(files.pdf(), name="a.pdf"),
        )
    assert private_storage().listdir("knowledge")[1] == before
    assert edition.versions.count() == 1
