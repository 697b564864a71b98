"""Views stay thin (docs/architecture.md): a view of the core apps fetches and
authorises, calls one service or selector and chooses the response, in at most
MAX_BODY_LINES lines. The views are found through the URLconf (and its error handlers),
so a new view is measured the day it is routed. No view is exempt: the CSV exports and
the H5P player, the longest ones, were split like the others."""

from __future__ import annotations

import ast
import inspect
import textwrap

from django.urls import URLPattern, URLResolver, get_resolver

CORE_APPS = ("academy", "assessments", "certificates", "courses", "h5p", "studio")
MAX_BODY_LINES = 20


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
    resolver = get_resolver()
    handlers = (resolver.resolve_error_handler(code) for code in (400, 403, 404, 500))
    views = {}
    for view in [*_callbacks(resolver.url_patterns), *map(inspect.unwrap, handlers)]:
        module = getattr(view, "__module__", "") or ""
        if module.split(".")[0] in CORE_APPS and inspect.isfunction(view):
            views[f"{module}.{view.__name__}"] = view
    return views


def test_the_core_apps_views_are_found_through_the_urlconf():
    views = core_views()
    assert "assessments.views.learn.attempt_save" in views
    assert "studio.views.outline.item_move" in views
    assert "academy.views.server_error" in views
    assert len(views) > 90


def test_no_view_of_the_core_apps_is_longer_than_twenty_lines():
    long = {
        name: body_lines(view)
        for name, view in core_views().items()
        if body_lines(view) > MAX_BODY_LINES
    }
    assert long == {}, "split these views into a service and a response chooser"


def test_the_measure_skips_the_docstring_blank_lines_and_comments():
    def view(request):
        """A docstring
        on two lines."""
        # a comment

        return request

    assert body_lines(view) == 1


def test_the_measure_counts_every_line_of_a_wrapped_statement():
    def view(request):
        response = dict(
            request=request,
        )
        return response

    assert body_lines(view) == 4
