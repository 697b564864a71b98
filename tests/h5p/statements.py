"""xAPI statements shaped like the ones H5P content sends."""

OBJECT = "http://h5p.academy.localhost/h5p/play/x/#1"


def statement(
    verb: str,
    *,
    raw=None,
    max=None,
    scaled=None,
    success=None,
    completion=None,
    child: str = "",
    actor: str = "mailto:someone@else.example",
    response: str = "",
) -> dict:
    result = {}
    if raw is not None or max is not None:
        result["score"] = {
            "raw": raw,
            "max": max,
            "min": 0,
            "scaled": scaled if scaled is not None else 0,
        }
    if success is not None:
        result["success"] = success
    if completion is not None:
        result["completion"] = completion
    if response:
        result["response"] = response
    data = {
        "actor": {"mbox": actor, "objectType": "Agent"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {
            "id": OBJECT + (f"?subContentId={child}" if child else ""),
            "objectType": "Activity",
            "definition": {
                "description": {"en-US": f"Question {child}" if child else "Check"},
                "interactionType": "choice",
            },
        },
        "context": {
            "contextActivities": {
                "category": [{"id": "http://h5p.org/libraries/H5P.AcademyCheck-1.1"}]
            }
        },
        "result": result,
    }
    if child:
        data["context"]["contextActivities"]["parent"] = [{"id": OBJECT, "objectType": "Activity"}]
    return data


def finished(raw, max, *, success=None) -> list[dict]:
    """What H5P sends when a learner checks their answers: answered then completed."""
    return [
        statement("answered", raw=raw, max=max, success=success, completion=True),
        statement("completed", raw=raw, max=max, success=success, completion=True),
    ]
