"""A small, pure cron: five fields (minute hour day-of-month month day-of-week), each
``*``, ``*/n``, ``a``, ``a-b``, ``a-b/n`` or a comma list of those. Day of week 0-6 is
Sunday-Saturday (7 is Sunday too). Times are evaluated in the academy's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def _field(text: str, low: int, high: int) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"bad step in {text!r}")
        if body == "*":
            start, end = low, high
        elif "-" in body:
            start_text, end_text = body.split("-", 1)
            start, end = int(start_text), int(end_text)
        else:
            start = end = int(body)
        if not (low <= start <= end <= high):
            raise ValueError(f"{text!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]

    @classmethod
    def parse(cls, expression: str) -> Cron:
        fields = expression.split()
        if len(fields) != 5:
            raise ValueError(f"a cron expression has five fields: {expression!r}")
        parsed = [_field(text, low, high) for text, (low, high) in zip(fields, RANGES, strict=True)]
        weekdays = frozenset(0 if day == 7 else day for day in parsed[4])
        return cls(parsed[0], parsed[1], parsed[2], parsed[3], weekdays)

    def matches(self, moment: datetime) -> bool:
        weekday = (moment.weekday() + 1) % 7  # Python: Monday 0; cron: Sunday 0
        return (
            moment.minute in self.minutes
            and moment.hour in self.hours
            and moment.day in self.days
            and moment.month in self.months
            and weekday in self.weekdays
        )

    def due_between(self, after: datetime, until: datetime) -> bool:
        """Is there a matching minute in (after, until]? Both in local time."""
        moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = min(until, after + timedelta(days=366))
        while moment <= limit:
            if self.matches(moment):
                return True
            moment += timedelta(minutes=1)
        return False
