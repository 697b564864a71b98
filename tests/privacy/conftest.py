import pytest


@pytest.fixture(autouse=True)
def _legal_pages(db):
    """The pages migration 0002 seeds (a transactional test elsewhere may have flushed them)."""
    from privacy.legal import seed
    from privacy.models import LegalPage

    seed(LegalPage)
