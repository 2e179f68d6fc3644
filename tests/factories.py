import factory

from programs.models import Location, Program, Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n}")
    key = factory.LazyAttribute(lambda o: f"{o.name.casefold()}|ny")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    provider = factory.SubFactory(ProviderFactory)
    street1 = factory.Sequence(lambda n: f"{n} Main St")
    city = "New York"
    state = "NY"
    zip_code = "10001"
    latitude = 40.7484
    longitude = -73.9967


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    source = "samhsa"
    source_id = factory.Sequence(lambda n: f"frid{n:06d}")
