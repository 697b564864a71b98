import pytest
from django.core.exceptions import FieldDoesNotExist

from privacy import registry


def test_every_relation_to_the_user_in_the_whole_project_is_declared():
    assert registry.undeclared_user_relations() == []


@pytest.mark.parametrize("declaration", registry.all_declarations(), ids=lambda d: d.model)
def test_every_declared_field_exists_on_its_model(declaration):
    model = declaration.model_class
    for name in (*declaration.fields, *declaration.user_fields):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            pytest.fail(f"{declaration.model} has no field {name!r}")
    assert str(declaration.purpose) and str(declaration.retention)
    assert declaration.legal_basis in registry.LegalBasis.values


def test_a_model_cannot_be_declared_twice_differently():
    declaration = registry.get("academy.User")
    with pytest.raises(ValueError):
        registry.register(
            registry.PersonalData(
                model="academy.User",
                user_fields=(),
                fields=(),
                purpose="x",
                legal_basis=registry.LegalBasis.CONSENT,
                retention="y",
            )
        )
    registry.register(declaration)  # the same declaration again is harmless
