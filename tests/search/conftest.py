import pytest


@pytest.fixture(scope="module")
def demo_index(django_db_setup, django_db_blocker):
    """The demo people, courses and knowledge base, indexed once for the module's tests."""
    import io

    from academy import demo as academy_demo
    from courses import demo as courses_demo
    from knowledge import demo as knowledge_demo
    from search import demo as search_demo

    with django_db_blocker.unblock():
        from django.db import transaction

        # One outer transaction for the module; each test's own transaction nests in it
        # as a savepoint, and everything is rolled back at the end.
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            academy_demo.seed(out)
            courses_demo.seed(out)
            knowledge_demo.seed(out)
            search_demo.seed(out)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
