"""JSON a learner's browser or a trainer's package sends that PostgreSQL or Python's
parser cannot take (academy/safe_input.py): a clear 400 or package error, never a 500."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from h5p.package import PackageError
from h5p.sample import build_package, sample_files
from h5p.services import activity_create
from tests.factories.h5p import upload
from tests.h5p.conftest import ACADEMY_HOST

pytestmark = pytest.mark.django_db

NESTED = "[" * 10_000 + "]" * 10_000


@pytest.mark.parametrize(
    "body",
    [
        NESTED,
        '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "result": {"response": "a\\u0000b"}}',
        '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "result": {"response": "\\ud800"}}',
        '{"a": ' * 5_000 + "1" + "}" * 5_000,
    ],
)
def test_hostile_statements_and_states_are_a_400(learner, activity, enrollment, body):
    client = Client(HTTP_HOST=ACADEMY_HOST, raise_request_exception=False)
    client.force_login(learner)
    for name in ("h5p:statement", "h5p:state"):
        response = client.post(
            reverse(name, kwargs={"item_id": activity.item_id}),
            body,
            content_type="application/json",
        )
        assert response.status_code == 400, (name, response.status_code)
    state = json.dumps({"state": "saved\u0000"})
    response = client.post(
        reverse("h5p:state", kwargs={"item_id": activity.item_id}),
        state,
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("content", [NESTED.encode(), b'{"heading": "a\\u0000b"}'])
def test_a_package_with_deeply_nested_or_nul_json_is_refused_with_a_message(
    module, trainer, content
):
    files = sample_files()
    files["content/content.json"] = content
    with pytest.raises(PackageError) as refused:
        activity_create(module=module, upload=upload(build_package(files)), user=trainer)
    assert refused.value.code == "json"
