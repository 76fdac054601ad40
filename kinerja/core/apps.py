from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinerja.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self) -> None:
        from kinerja.core import lookups  # noqa: F401  (registers __dalam)
