import pytest

from bench.notifications import run
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_notification_benchmark_runs_small_and_cleans_up(monkeypatch):
    from notifications import services

    monkeypatch.setattr(services, "BATCH", 10)
    result = run(users=25)
    assert result["fan_out"]["recipients"] == 25
    assert result["fan_out"]["queries_per_batch"] <= 4
    assert result["digest"]["digests"] == 25
    assert result["bell"]["queries"] == 0
    assert not Notification.objects.exists()
