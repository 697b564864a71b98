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


def test_make_bench_gets_the_figures_with_budgets_only_at_the_issues_scale(tmp_path, monkeypatch):
    import io

    from django.core.management import call_command

    from bench import notifications
    from bench.report import read_partials

    call_command("bench_notifications", users=12, parts=str(tmp_path), stdout=io.StringIO())
    figures = {f.name: f for f in read_partials(tmp_path)[0]}
    assert figures["notifications.digest_12.seconds"].budget is None
    assert figures["notifications.fan_out_12.seconds"].budget is None
    assert figures["notifications.bell.median_ms"].budget == {"op": "<=", "value": 0.3}
    # At the issue's 20,000 users the fan-out and the digest carry issue 16's budgets.
    monkeypatch.setattr(notifications, "BUDGET_USERS", 12)
    call_command("bench_notifications", users=12, parts=str(tmp_path), stdout=io.StringIO())
    figures = {f.name: f for f in read_partials(tmp_path)[0]}
    assert figures["notifications.fan_out_12.seconds"].budget == {"op": "<=", "value": 5}
    assert figures["notifications.digest_12.seconds"].budget == {"op": "<=", "value": 120}
    assert not Notification.objects.exists()
