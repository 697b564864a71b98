"""Django's Tasks API: ``django.tasks`` on Django 6+, the ``django-tasks`` backport on 5.2.

Import ``task`` and ``Task`` from here, never from either package directly, so the same code
runs on both (``make test-django6``). The RQ backend (``django-tasks-rq``) is built on the
backport, so ``ACADEMY_TASKS_BACKEND=rq`` needs Django 5.2 until it supports ``django.tasks``.
"""

from importlib.util import find_spec

if find_spec("django.tasks") is not None:
    from django.tasks import Task, task, task_backends
else:
    from django_tasks import task, task_backends
    from django_tasks.base import Task

__all__ = ["Task", "task", "task_backends"]
