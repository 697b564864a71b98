import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_polish_and_is_accessible(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert_accessible(page)
