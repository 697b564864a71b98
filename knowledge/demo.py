"""Demo content of the knowledge base (``seed_demo`` calls ``seed``). Idempotent: files are
generated once; texts, links and the index are brought up to date on every run."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from courses.demo import demo_topic
from courses.models import Course

from . import services
from .demo_content import AUDIENCES, NEWS, PUBLICATIONS
from .indexing import news_index, publication_index
from .models import Audience, Edition, LanguageVersion, NewsItem, Publication, Publisher, Status
from .pdf import document_pdf
from .permissions import KNOWLEDGE_EDITORS_GROUP

EDITOR = "editor@academy.example"
PUBLISHER = "Konsorcjum Migracyjne"


def _topics(slugs):
    return [demo_topic(slug) for slug in slugs]


def _moment(day: str):
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(9, 0)))


def _version(edition: Edition, language: str, spec: dict) -> LanguageVersion:
    version = edition.versions.filter(language=language).first()
    if version is None:
        pdf = document_pdf(spec["title"], [(h, t) for h, t in spec["pages"]], language=language)
        upload = ContentFile(pdf, name=f"{edition.publication.slug}-{language}.pdf")
        version = services.language_version_create(
            edition=edition,
            language=language,
            title=spec["title"],
            summary=spec["summary"],
            upload=upload,
        )
    else:
        LanguageVersion.objects.filter(pk=version.pk).update(
            title=spec["title"], summary=spec["summary"]
        )
    if version.extraction_status == LanguageVersion.Extraction.PENDING:
        services.language_version_extract(version_id=version.pk)
    return version


def _publication(spec: dict, publisher: Publisher) -> Publication:
    pl = spec["pl"]
    publication, _created = Publication.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": pl["title"],
            "summary": pl["summary"],
            "type": spec["type"],
            "language": "pl",
            "region": spec["region"],
            "authors": spec["authors"],
            "status": Status.PUBLISHED,
            "published_at": _moment(spec["editions"][-1][1]),
        },
    )
    publication.topics.set(_topics(spec["topics"]))
    publication.audiences.set(Audience.objects.filter(slug__in=spec["audiences"]))
    publication.publishers.set([publisher])
    publication.related_courses.set(Course.objects.filter(slug__in=spec["courses"]))
    labels = [label for label, _day, _changes in spec["editions"]]
    publication.editions.exclude(version_label=labels[-1]).update(is_current=False)
    for index, (label, day, changes) in enumerate(spec["editions"]):
        edition, _ = Edition.objects.update_or_create(
            publication=publication,
            version_label=label,
            defaults={
                "issued_on": date.fromisoformat(day),
                "changes": changes,
                "is_current": index == len(labels) - 1,
            },
        )
        languages = ("pl", "en", "uk") if index == len(labels) - 1 else ("pl",)
        original = _version(edition, "pl", spec["pl"])
        for language in languages[1:]:
            version = _version(edition, language, spec[language])
            if version.translation_of_id != original.pk:
                LanguageVersion.objects.filter(pk=version.pk).update(translation_of=original)
    publication_index(publication.pk)
    return publication


def seed(stdout) -> dict:
    group, _ = Group.objects.get_or_create(name=KNOWLEDGE_EDITORS_GROUP)
    from academy.demo import DEMO_PASSWORD
    from academy.models import User

    editor = User.objects.filter(email=EDITOR).first()
    if editor is None:
        editor = User.objects.create_user(
            email=EDITOR, password=DEMO_PASSWORD, full_name="Ewa Redaktorka"
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=editor, email=EDITOR, defaults={"verified": True, "primary": True}
        )
    editor.groups.add(group)
    for slug, name in AUDIENCES.items():
        Audience.objects.update_or_create(slug=slug, defaults={"name": name})
    publisher, _ = Publisher.objects.get_or_create(name=PUBLISHER)
    publications = [_publication(spec, publisher) for spec in PUBLICATIONS]
    for spec in NEWS:
        item, _ = NewsItem.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "body": spec["body"],
                "language": spec["language"],
                "status": Status.PUBLISHED,
                "published_at": _moment(spec["published"]),
            },
        )
        item.topics.set(_topics(spec["topics"]))
        news_index(item.pk)
    stdout.write(
        f"Knowledge base: {len(publications)} publications, {len(NEWS)} news (editor {EDITOR})."
    )
    return {"publications": publications, "editor": editor}
