from django.apps import AppConfig


class PerencanaanConfig(AppConfig):
    name = "kinerja.perencanaan"
    label = "perencanaan"
    verbose_name = "Perencanaan Kinerja (SKP)"
