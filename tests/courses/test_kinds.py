"""The material kinds as the studio and the player use them through the registry."""

import pytest

from courses.models import Item, Page, Video
from courses.registry import Completion, get_kind
from tests.factories.courses import ItemFactory, ModuleFactory, PageFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["page", "video", "document", "link"])
def test_material_kinds_are_registered_as_manual_with_a_template(key):
    kind = get_kind(key)
    assert kind is not None and kind.completion == Completion.MANUAL
    assert kind.template == f"courses/kinds/{key}.html"
    assert kind.duplicate and kind.publish_problems and kind.context


def test_publish_problems_name_videos_without_captions_or_transcript_and_images_without_alt():
    module = ModuleFactory()
    course = module.course
    VideoFactory(item__module=module, item__title="Bez napisów", transcript="")
    VideoFactory(item__module=module, item__title="Z transkrypcją", transcript="Tekst")
    PageFactory(item__module=module, item__title="Mapa", body='<p>x</p><img src="/m.png">')
    ItemFactory(module=module, kind=Item.Kind.LINK, title="Pusty link")
    messages = [
        message
        for key in ("page", "video", "document", "link")
        for message, _url in get_kind(key).publish_problems(course)
    ]
    assert any("Bez napisów" in message for message in messages)
    assert not any("Z transkrypcją" in message for message in messages)
    assert any("Mapa" in message for message in messages)
    assert any("Pusty link" in message for message in messages)


@pytest.mark.parametrize(
    ("factory", "model", "field", "value"),
    [
        (PageFactory, Page, "body", "<p>Oryginał</p>"),
        (VideoFactory, Video, "transcript", "Słowa z nagrania"),
    ],
)
def test_duplicate_copies_the_detail_to_the_new_item(factory, model, field, value):
    original = factory(**{field: value})
    new_item = ItemFactory(module=ModuleFactory(), kind=original.item.kind)
    get_kind(original.item.kind).duplicate(original.item, new_item)
    copy = model.objects.get(item=new_item)
    assert getattr(copy, field) == value
    assert getattr(model.objects.get(item=original.item), field) == value


def test_an_item_accepts_only_registered_kinds_and_a_new_app_adds_one_without_editing_courses():
    from django.core.exceptions import ValidationError

    from courses import registry
    from courses.authoring import item_create

    module = ModuleFactory()
    item = Item(
        course=module.course, module=module, kind="fieldtrip", title="Wizyta studyjna", position=1
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError):
        item_create(module=module, kind="fieldtrip", title="Wizyta studyjna")
    assert not Item.objects.filter(kind="fieldtrip").exists()
    # What a new app's kinds.register() would do from its ready():
    registry.register_kind(
        registry.ItemKind(
            key="fieldtrip",
            label="Wizyta studyjna",
            icon="◎",
            completion=Completion.MANUAL,
            template="courses/kinds/page.html",
        )
    )
    try:
        created = item_create(module=module, kind="fieldtrip", title="Wizyta studyjna")
        assert created.kind_label == "Wizyta studyjna"
    finally:
        registry._kinds.pop("fieldtrip")


@pytest.mark.parametrize("app", ["courses", "assessments", "h5p"])
def test_every_app_registers_its_kinds_through_one_register_function_in_kinds_py(app):
    import importlib

    module = importlib.import_module(f"{app}.kinds")
    assert callable(module.register)
