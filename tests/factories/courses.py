import factory
from django.utils import timezone

from courses.models import Course, Enrollment, Item, Module
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


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Moduł {n}")
    position = factory.Sequence(lambda n: n)


class ItemFactory(factory.django.DjangoModelFactory):
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
