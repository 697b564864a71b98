import factory
from django.utils import timezone

from courses.authoring import structure_edit
from courses.models import Course, Enrollment, Item, Link, Module, Page, Topic, Video
from tests.factories.academy import UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kurs testowy {n}")
    slug = factory.Sequence(lambda n: f"kurs-testowy-{n}")
    summary = "Krótki opis kursu."
    status = Course.Status.PUBLISHED
    language = "pl"

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.add(*extracted)


class StructureFactory(factory.django.DjangoModelFactory):
    """Modules and items are written inside ``courses.authoring.structure_edit``, like every
    structure write (the structure-write check is on in the tests)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with structure_edit(kwargs.get("course")):
            return super()._create(model_class, *args, **kwargs)


class ModuleFactory(StructureFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Moduł {n}")
    position = factory.Sequence(lambda n: n)


class ItemFactory(StructureFactory):
    class Meta:
        model = Item

    module = factory.SubFactory(ModuleFactory)
    course = factory.SelfAttribute("module.course")
    kind = Item.Kind.PAGE
    title = factory.Sequence(lambda n: f"Element {n}")
    position = factory.Sequence(lambda n: n)
    is_required = True


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    status = Enrollment.Status.ACTIVE
    enrolled_at = factory.LazyFunction(timezone.now)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Temat {n}")
    slug = factory.Sequence(lambda n: f"temat-{n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    item = factory.SubFactory(ItemFactory, kind=Item.Kind.PAGE)
    body = "<p>Treść strony.</p>"


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    item = factory.SubFactory(ItemFactory, kind=Item.Kind.LINK)
    url = "https://www.gov.pl/web/udsc"
    description = "Urząd do Spraw Cudzoziemców."


class VideoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Video

    item = factory.SubFactory(ItemFactory, kind=Item.Kind.VIDEO)
    embed_url = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    transcript = "Transkrypcja nagrania."


def build_course(
    *, modules: int = 1, items: int = 1, sequential: bool = False, trainers=(), **course_fields
):
    """A published course of ``modules`` × ``items`` pages, in order."""
    course = CourseFactory(is_sequential=sequential, trainers=list(trainers), **course_fields)
    created = []
    for module_position in range(modules):
        module = ModuleFactory(course=course, position=module_position)
        for position in range(items):
            created.append(
                ItemFactory(
                    module=module,
                    position=position,
                    title=f"Krok {module_position + 1}.{position + 1}",
                )
            )
    return course, created
