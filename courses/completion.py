"""What a learner sees the moment a course is complete, wherever the last step was taken
(the player, a quiz result, an H5P result): the course, the certificate and what next."""

from __future__ import annotations

from .registry import completion_panels


def course_completion(enrollment) -> dict | None:
    """The context of ``courses/_course_complete.html``, or None while the course is not
    complete. One query per registered panel (the certificate), none otherwise."""
    if enrollment is None or getattr(enrollment, "completed_at", None) is None:
        return None
    panels = []
    for panel in completion_panels():
        data = panel.context(enrollment)
        if data is not None:
            panels.append({"template": panel.template, "data": data})
    return {"enrollment": enrollment, "course": enrollment.course, "panels": panels}
