from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks and load tests: ``seed_scale``, the reference view and the bench commands.
    Nothing here runs in production; the reference view is mounted only when
    ``BENCH_REFERENCE=1`` (see docs/performance.md)."""

    name = "bench"
    verbose_name = "Benchmarks"
