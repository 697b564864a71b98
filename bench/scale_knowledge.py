"""Knowledge-base scale data: publications with their current edition, a language version
holding the extracted text of its pages, and the search entries the indexer would write.

At scale 1: 10,000 publications and 200,000 pages of text (about 2,000 characters a page),
the volume the search budget is set for. The text is drawn from the words of the demo
publications (real Polish and Ukrainian prose), with a Zipf-like spread, so common words
are very common (broad queries match most entries) and rare words are rare (narrow ones
match a few). Rows are written with COPY; the search trigger builds each entry's vectors
as it would for a real upload.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from datetime import UTC, date, datetime, timedelta

from django.db.models import Max

from knowledge.demo_content import PUBLICATIONS
from knowledge.models import Edition, LanguageVersion, Publication
from search.models import Kind, SearchEntry
from search.services import MAX_BODY_CHARS

from .bulk import BulkWriter

SLUG_PREFIX = "bench-"
PAGE_WORDS = 280  # ~2,000 characters of Polish prose
TYPES = [choice for choice, _label in Publication.Type.choices]
REGIONS = ["national", "mazowieckie", "malopolskie", "slaskie", "lubelskie", "pomorskie"]
# Words a test query can count on: a broad one in every text, a narrow one in about 1 %.
BROAD_WORD = "integracja"
NARROW_WORDS = ["tłumaczy", "przysięgłych", "ukraińskiego"]


def _vocabulary(language: str) -> list[str]:
    words: list[str] = []
    for publication in PUBLICATIONS:
        version = publication.get(language) or {}
        for _heading, text in version.get("pages", []):
            words += re.findall(r"\w+", text.lower())
        words += re.findall(r"\w+", (version.get("summary") or "").lower())
    return sorted(set(words)) or ["integracja"]


class KnowledgeSeeder:
    def __init__(self, *, scale: float, seed: int, writer: BulkWriter | None = None, stdout=None):
        self.publications = max(1, round(10_000 * scale))
        self.pages = max(self.publications, round(200_000 * scale))
        self.random = random.Random(seed)
        self.writer = writer or BulkWriter()
        self.stdout = stdout
        self.vocabulary = {lang: _vocabulary(lang) for lang in ("pl", "uk")}
        # Zipf-like weights: the n-th word of a shuffled vocabulary is drawn ~1/n as often.
        self.weights = {}
        for language, words in self.vocabulary.items():
            self.random.shuffle(words)
            self.weights[language] = [1 / (rank + 1) for rank in range(len(words))]

    def say(self, message: str) -> None:
        if self.stdout:
            self.stdout.write(message)

    def _page(self, language: str) -> str:
        words = self.random.choices(
            self.vocabulary[language], weights=self.weights[language], k=PAGE_WORDS
        )
        if language == "pl":
            words[0] = BROAD_WORD
        return " ".join(words)

    def run(self) -> dict[str, int]:
        started = time.monotonic()
        first = (Publication.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        pages_each = [self.pages // self.publications] * self.publications
        for index in range(self.pages % self.publications):
            pages_each[index] += 1
        now = datetime(2026, 11, 1, tzinfo=UTC)
        publications, editions, versions, entries = [], [], [], []
        for offset in range(self.publications):
            pk = first + offset
            language = "uk" if offset % 10 == 9 else "pl"
            kind = TYPES[offset % len(TYPES)]
            published = now - timedelta(days=offset % 1500)
            title = f"{kind.title()} {pk}: " + " ".join(
                self.random.choices(self.vocabulary[language], k=6)
            )
            summary = self._page(language)[:400]
            text = "\f".join(self._page(language) for _ in range(pages_each[offset]))
            if offset % 100 == 0 and language == "pl":
                text += " " + " ".join(NARROW_WORDS)
            slug = f"{SLUG_PREFIX}{pk}"
            publications.append(
                (pk, title, slug, kind, summary, language, REGIONS[offset % len(REGIONS)], "",
                 "cc-by-4.0", "published", published, published, published)
            )  # fmt: skip
            issued = date(2020 + offset % 7, 1 + offset % 12, 1)
            editions.append((pk, pk, "1", issued, "", True, published))
            digest = hashlib.sha256(str(pk).encode()).hexdigest()
            versions.append(
                (pk, pk, language, title, summary, f"knowledge/bench/{pk}.pdf", "pdf",
                 f"{slug}.pdf", len(text), digest, pages_each[offset], text,
                 LanguageVersion.Extraction.EXTRACTED, "", published)
            )  # fmt: skip
            key = f"knowledge.publication:{pk}:{language}"
            entries.append(
                (key, Kind.PUBLICATION, f"knowledge.publication:{pk}", kind, language, title,
                 summary, kind, text[:MAX_BODY_CHARS], f"/knowledge/publications/{slug}/?lang={language}",
                 "", True, None, published, issued.year, published, "")
            )  # fmt: skip
        writer = self.writer
        writer.insert(
            Publication,
            ["id", "title", "slug", "type", "summary", "language", "region", "authors",
             "licence", "status", "published_at", "created_at", "updated_at"],
            publications,
        )  # fmt: skip
        writer.insert(
            Edition,
            [
                "id",
                "publication_id",
                "version_label",
                "issued_on",
                "changes",
                "is_current",
                "created_at",
            ],
            editions,
        )
        writer.insert(
            LanguageVersion,
            ["id", "edition_id", "language", "title", "summary", "file", "file_type",
             "original_name", "size", "checksum", "page_count", "text", "extraction_status",
             "extraction_error", "extracted_at"],
            versions,
        )  # fmt: skip
        self.say(f"  knowledge rows ({time.monotonic() - started:.1f} s)")
        indexing = time.monotonic()
        writer.insert(
            SearchEntry,
            ["key", "kind", "group_key", "category", "language", "title", "summary",
             "keywords", "body", "url", "context", "is_public", "course_id", "published_at",
             "year", "updated_at", "audience"],
            entries,
        )  # fmt: skip
        self.say(f"  search entries ({time.monotonic() - indexing:.1f} s)")
        return {"publications": self.publications, "pages": self.pages}
