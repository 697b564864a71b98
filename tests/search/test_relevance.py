"""Search quality as a test: each query must put the expected result in the top 3.

Runs on the demo content (seeded once per module). On PostgreSQL every case runs (hunspell
dictionaries, unaccent, trigram typos); on SQLite the cases FTS5 can answer (``fts5=True``:
prefixes and light stems without diacritics, no dictionary, no typo correction)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from search.service import search

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]

MONITORING = "/knowledge/publications/monitoring-zakwaterowania-zbiorowego/"
SCHOOL = "/knowledge/publications/polska-szkola-pomagania/"
ASYLUM = "/knowledge/publications/dostep-do-azylu-raport/"
PACT = "/knowledge/publications/stanowisko-pakt-o-migracji-i-azylu/"
TEMPORARY = "/knowledge/publications/stanowisko-ochrona-czasowa/"
LETTER = "/knowledge/publications/list-otwarty-do-darczyncow/"
OUTLINE = "/knowledge/publications/zarys-lokalnych-polityk-integracyjnych/"
FORUM = "/knowledge/news/forum-wspolpracy-i-integracji-2026/"
COURSE_INTEGRATION = "/courses/lokalna-polityka-integracyjna/"
COURSE_PROTECTION = "/courses/ochrona-czasowa-ukraina/"
COURSE_INTERPRETERS = "/courses/working-with-interpreters/"

# (query, expected URL prefix, FTS5 answers it too)
CASES = [
    # Polish: inflection, no diacritics, multi-word, phrases from inside the PDFs
    ("zakwaterowanie uchodzcow", MONITORING, True),
    ("zakwaterowanie uchodźców", MONITORING, True),
    ("uchodźcami", MONITORING, True),
    ("uchodzcami", MONITORING, True),
    ("zakwaterowania zbiorowego", MONITORING, True),
    ("monitoring ośrodków", MONITORING, True),
    ("efektem gospodarza obiektu", MONITORING, True),
    ("polska szkoła pomagania", SCHOOL, True),
    ("szkola pomagania", SCHOOL, True),
    ("zmęczenie gościnnością", SCHOOL, True),
    ("zmeczenie goscinnoscia", SCHOOL, True),
    ("procedura azylowa", ASYLUM, True),
    ("dostęp do azylu", ASYLUM, True),
    ("ośrodki strzeżone", ASYLUM, True),
    ("osoby szczególnie wrażliwe", ASYLUM, False),
    ("pakt o migracji i azylu", PACT, True),
    ("mechanizm solidarności", PACT, True),
    ("ochrona czasowa", TEMPORARY, True),
    ("zakończenie ochrony czasowej", TEMPORARY, True),
    ("zezwolenie na pobyt", TEMPORARY, True),
    ("list otwarty darczyńcy", LETTER, True),
    ("równe partnerstwo", LETTER, True),
    ("zarys lokalnych polityk integracyjnych", OUTLINE, True),
    ("diagnoza potrzeb", OUTLINE, True),
    ("uchwałą rady gminy", OUTLINE, True),
    ("Forum Współpracy i Integracji", FORUM, True),
    ("lokalna polityka integracyjna krok po kroku", COURSE_INTEGRATION, True),
    # a trainer's name, with and without diacritics
    ("Wiśniewska", COURSE_PROTECTION, True),
    ("wisniewska", COURSE_PROTECTION, True),
    ("tlumacz", COURSE_INTERPRETERS, True),
    # typos (trigram word list: PostgreSQL only)
    ("intergracja", OUTLINE, False),
    ("zakwaterowanei uchodzcow", MONITORING, False),
    ("accomodation", MONITORING, False),
    # English
    ("collective accommodation monitoring", MONITORING, True),
    ("refugees from Ukraine accommodation", MONITORING, True),
    ("Polish School of Assistance", SCHOOL, True),
    ("hospitality fatigue", SCHOOL, True),
    ("access to asylum", ASYLUM, True),
    ("fact-finding report", ASYLUM, True),
    ("EU Pact on Migration and Asylum", PACT, True),
    ("end of temporary protection", TEMPORARY, True),
    ("open letter donors", LETTER, True),
    ("local integration policies", OUTLINE, True),
    ("interpreters", COURSE_INTERPRETERS, True),
    # Ukrainian
    ("біженці з України", MONITORING, True),
    ("біженцями", MONITORING, True),
    ("тимчасовий захист", TEMPORARY, True),
    ("пакт про міграцію", PACT, True),
    ("відкритий лист донорам", LETTER, False),
    ("інтеграційна політика", OUTLINE, True),
    ("польська школа допомоги", SCHOOL, True),
    ("притулок", ASYLUM, False),
]

RUN = [case for case in CASES if ON_POSTGRES or case[2]]


def test_the_relevance_set_is_large_enough():
    assert len(CASES) >= 40
    assert sum(1 for case in CASES if case[2]) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected", "fts5"), RUN, ids=[case[0] for case in RUN])
def test_the_expected_result_is_in_the_top_three(demo_index, query, expected, fts5):
    results = search(query, user=AnonymousUser(), limit=3)
    urls = [hit.url for hit in results.hits]
    assert any(url.startswith(expected) for url in urls), (query, urls)


@pytest.mark.django_db
def test_results_say_their_kind_and_highlight_the_words(demo_index):
    results = search("zakwaterowanie uchodzcow", user=AnonymousUser())
    hit = results.hits[0]
    assert hit.kind == "publication"
    assert "<mark>" in hit.snippet
    assert results.facets["kind"]["publication"] >= 1


@pytest.mark.django_db
def test_a_publication_in_three_languages_is_one_result(demo_index):
    results = search("monitoring", user=AnonymousUser())
    monitoring = [hit for hit in results.hits if hit.url.startswith(MONITORING)]
    assert len(monitoring) == 1


@pytest.mark.django_db
def test_the_language_facet_narrows_to_ukrainian_versions(demo_index):
    results = search("біженців", user=AnonymousUser(), language="uk")
    assert results.hits and all(hit.language == "uk" for hit in results.hits)
    assert search("біженців", user=AnonymousUser(), language="pl").total == 0
