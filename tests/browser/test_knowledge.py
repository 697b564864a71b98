"""The knowledge base in a real browser (Polish and Ukrainian UI): a visitor finds the
accommodation monitoring report without diacritics, opens it, downloads the PDF and
follows the related course; an editor adds an edition and the old one shows superseded;
the feeds parse; every page passes axe and fits 360 px."""

from __future__ import annotations

import io
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Group

from knowledge import demo as knowledge_demo
from knowledge.permissions import KNOWLEDGE_EDITORS_GROUP
from tests.browser.conftest import assert_accessible
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = "/knowledge/publications/monitoring-zakwaterowania-zbiorowego/"


@pytest.fixture
def knowledge_base():
    CourseFactory(title="Ochrona czasowa osób z Ukrainy", slug="ochrona-czasowa-ukraina")
    knowledge_demo.seed(io.StringIO())


def fits_360(page):
    page.set_viewport_size({"width": 360, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return overflow <= 360


def test_a_visitor_finds_opens_downloads_and_follows_the_course(page, knowledge_base):
    page.goto("/")
    page.get_by_label("Wyszukiwarka akademii").first.fill("zakwaterowanie uchodzcow")
    page.locator("form.header-search button").click()
    page.wait_for_url("**/search/?q=*")
    assert_accessible(page)
    assert fits_360(page)
    first = page.locator(".search-results > li").first
    assert "<mark>" in first.inner_html()
    first.get_by_role(
        "link",
        name="Monitoring zakwaterowania zbiorowego uchodźców z Ukrainy w sześciu województwach",
    ).click()
    page.wait_for_url(f"**{REPORT}*")
    assert_accessible(page)
    assert fits_360(page)
    assert (
        page.locator("meta[property='og:title']")
        .get_attribute("content")
        .startswith("Monitoring zakwaterowania")
    )
    with page.expect_download() as download_info:
        page.locator(".knowledge-downloads a[hreflang=pl]").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.get_by_role("link", name="Ochrona czasowa osób z Ukrainy").click()
    page.wait_for_url("**/courses/ochrona-czasowa-ukraina/")
    # the course page loads its related publications as a fragment
    page.locator("#related-publications-heading ~ div").get_by_role(
        "link", name="Monitoring zakwaterowania", exact=False
    ).first.wait_for()
    assert_accessible(page)


def test_the_ukrainian_ui_finds_the_ukrainian_version(page, knowledge_base):
    page.goto("/knowledge/")
    page.locator("form.language-switcher button[value=uk]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert_accessible(page)
    assert fits_360(page)
    page.get_by_label("Пошук у публікаціях і курсах").fill("біженців")
    page.get_by_role("main").get_by_role("button", name="Пошук").click()
    page.wait_for_url("**/search/?q=*")
    assert (
        page.get_by_role(
            "link", name="Моніторинг колективного розміщення біженців з України в шести воєводствах"
        ).count()
        == 1
    )
    assert_accessible(page)
    page.goto("/knowledge/publications/?language=uk")
    assert page.get_by_role("heading", name="Публікації").count() == 1
    assert_accessible(page)


def test_an_editor_adds_an_edition_and_the_old_one_is_superseded(page, sign_in, knowledge_base):
    editor = UserFactory(full_name="Ewa Redaktorka", preferred_language="pl")
    editor.groups.add(Group.objects.get(name=KNOWLEDGE_EDITORS_GROUP))
    sign_in(editor)
    page.goto("/knowledge/editor/")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Stanowisko w sprawie Paktu o migracji i azylu Unii Europejskiej"
    ).click()
    assert_accessible(page)
    assert page.get_by_text("Tekst odczytany").count() >= 1
    page.get_by_label("Wersja").fill("2026-01")
    page.get_by_label("Data").fill("2026-01-15")
    page.get_by_label("Co się zmieniło").fill("Po przyjęciu aktów wykonawczych.")
    page.get_by_role("button", name="Dodaj wydanie").click()
    page.get_by_text("poprzednie jest teraz zastąpione").wait_for()
    page.goto("/knowledge/publications/stanowisko-pakt-o-migracji-i-azylu/")
    assert page.locator(".edition-superseded").get_by_text("zastąpione").count() == 1
    assert page.locator(".edition-current").get_by_text("2026-01").count() == 1
    assert_accessible(page)


def test_the_feeds_parse_as_rss_and_atom(page, knowledge_base):
    rss = ElementTree.fromstring(page.request.get("/knowledge/feed/rss/").body())  # noqa: S314 - our own feed
    assert rss.tag == "rss" and len(rss.findall("channel/item")) == 8
    atom = ElementTree.fromstring(page.request.get("/knowledge/feed/atom/").body())  # noqa: S314 - our own feed
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 8
