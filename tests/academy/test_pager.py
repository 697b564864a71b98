"""The shared page links used by every paginated list."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def render(number, **extra):
    page = Paginator(list(range(50)), 10).page(number)
    with translation.override("pl"):
        return render_to_string("partials/pager.html", {"page": page, **extra})


def test_the_middle_page_links_both_ways_and_says_where_you_are():
    html = render(3)
    assert 'href="?page=2"' in html and 'href="?page=4"' in html
    assert "Strona 3 z 5" in html


def test_a_custom_parameter_and_a_kept_filter_travel_in_the_links():
    html = render(1, param="waiting", keep="quiz=7")
    assert 'href="?quiz=7&amp;waiting=2"' in html
    assert "Poprzednia strona" not in html


def test_a_single_page_shows_no_links():
    page = Paginator([1, 2], 10).page(1)
    assert render_to_string("partials/pager.html", {"page": page}).strip() == ""
