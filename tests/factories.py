import factory
from django.contrib.auth.models import Group
from faker import Faker

from apps.accounts.models import Department, User
from apps.accounts.roles import Role

_FAKE = Faker("nl_NL")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    code = factory.Sequence(lambda n: f"afd-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    # Without an apostrophe ("van 't Riet"): HTML escapes it, so a test looking for the
    # name in a page would miss it, and a test proving it absent would pass for nothing.
    last_name = factory.LazyFunction(lambda: _FAKE.last_name().replace("'", ""))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if create and extracted:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.add(*(Group.objects.get_or_create(name=r.value)[0] for r in extracted))
            if Role.COUNSELLOR in extracted:
                from tests.keys import give_key_pair

                give_key_pair(self)
