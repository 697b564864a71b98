"""The admin as staff meet it: branded, translated, with the academy's overview first."""

import pytest
from django.apps import apps
from django.utils.functional import Promise

from academy.models import Organisation
from tests.factories.academy import OrganisationFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"academy", "courses", "assessments", "h5p", "certificates", "studio"}


@pytest.fixture
def staff_client(client_for, staff):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff, generate_totp_secret())
    return client_for(staff)


def test_the_admin_is_branded_and_opens_with_the_academy_overview(staff_client):
    OrganisationFactory(name="Gmina Czeka", is_approved=False)
    content = staff_client.get("/admin/").content.decode()
    assert "Akademia Migracyjna: administracja" in content
    assert "Administracja Django" not in content and "Django administration" not in content
    assert "Akademia w skrócie" in content
    assert "Organizacje czekające na zatwierdzenie" in content
    assert "Biblioteki H5P czekające na zatwierdzenie" in content
    assert "Zaświadczenia wystawione w tym miesiącu" in content
    pending = Organisation.objects.filter(is_approved=False).count()
    assert f"<td>{pending}</td>" in content


def test_every_model_and_field_of_ours_has_a_translated_name():
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        if not isinstance(model._meta.verbose_name, Promise):
            missing.append(model.__name__)
        for field in model._meta.get_fields():
            if (
                (field.auto_created and not field.concrete)
                or field.name == "id"
                or not hasattr(field, "verbose_name")
            ):
                continue
            if not isinstance(field.verbose_name, Promise):
                missing.append(f"{model._meta.label}.{field.name}")
    assert not missing, missing
