from datetime import timedelta

import pytest
from django.utils import timezone

from privacy.registry import get, undeclared_user_relations
from training import services
from training.evaluation import evaluation_submit
from training.models import Assignee, Assignment, EvaluationResponse

pytestmark = pytest.mark.django_db


def test_every_relation_to_the_user_is_declared():
    assert undeclared_user_relations("training") == []


def test_export_and_erase_leave_no_personal_value_but_keep_statistics(
    organisation, coordinator, learner, course
):
    services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=timezone.localdate() + timedelta(days=3),
        scope=Assignment.Scope.MEMBERS,
        users=[learner],
        by=coordinator,
    )
    evaluation_submit(
        course=course, user=learner, satisfaction=4, usefulness=5, comment="Jan z Lublina"
    )
    assert get("training.Assignee").export(learner)[0]["assignment"] == course.title
    assert get("training.EvaluationResponse").export(learner)[0]["comment"] == "Jan z Lublina"
    for label in ("training.Assignee", "training.EvaluationResponse", "training.Assignment"):
        get(label).erase(learner)
        get(label).erase(coordinator)
    assert not Assignee.objects.filter(user=learner).exists()
    response = EvaluationResponse.objects.get()
    assert response.user is None and response.comment == "" and response.satisfaction == 4
    assert Assignment.objects.get().created_by is None


def test_the_funders_group_can_read_programme_reports(client_for):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from tests.factories.academy import UserFactory

    funder = UserFactory()
    funder.groups.add(Group.objects.get(name="Funders"))
    assert client_for(funder).get(reverse("reports:programme")).status_code == 200
