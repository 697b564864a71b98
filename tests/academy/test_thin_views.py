"""Views stay thin (docs/architecture.md): a view of the core apps fetches and
authorises, calls one service or selector and chooses the response, in at most
MAX_BODY_LINES lines. The views are found through the URLconf, so a new view is
measured the day it is routed."""

from __future__ import annotations

import ast
import inspect
import textwrap

from django.urls import URLPattern, URLResolver, get_resolver

CORE_APPS = ("academy", "assessments", "certificates", "courses", "h5p", "studio")
MAX_BODY_LINES = 20

# Views not yet split, each to leave this list when it is (the test below fails when a
# listed view is already short, so the list cannot outlive its reason).
NOT_YET_SPLIT: set[str] = set()


def _callbacks(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield inspect.unwrap(pattern.callback)


def body_lines(function) -> int:
    """Lines of the body without the docstring, blank lines and comment lines."""
    source = textwrap.dedent(inspect.getsource(function))
    body = ast.parse(source).body[0].body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    lines = source.splitlines()[body[0].lineno - 1 : body[-1].end_lineno]
    return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))


def core_views() -> dict[str, object]:
    views = {}
    for view in _callbacks(get_resolver().url_patterns):
        module = getattr(view, "__module__", "") or ""
        if module.split(".")[0] in CORE_APPS and inspect.isfunction(view):
            views[f"{module}.{view.__name__}"] = view
    return views


def test_the_core_apps_views_are_found_through_the_urlconf():
    views = core_views()
    assert "assessments.views.learn.attempt_save" in views
    assert "studio.views.outline.item_move" in views
    assert len(views) > 90


def test_no_view_of_the_core_apps_is_longer_than_twenty_lines():
    long = {
        name: body_lines(view)
        for name, view in core_views().items()
        if name not in NOT_YET_SPLIT and body_lines(view) > MAX_BODY_LINES
    }
    assert long == {}, "split these views into a service and a response chooser"


def test_the_list_of_views_not_yet_split_holds_only_long_views():
    views = core_views()
    assert {name for name in NOT_YET_SPLIT if body_lines(views[name]) <= MAX_BODY_LINES} == set()


def test_the_measure_skips_the_docstring_blank_lines_and_comments():
    def view(request):
        """A docstring
        on two lines."""
        # a comment

        return request

    assert body_lines(view) == 1
