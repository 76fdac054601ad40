"""SIASN (BKN): pull master data, push final results (ADR 0007)."""

from django.apps import AppConfig


class SiasnConfig(AppConfig):
    name = "kinerja.integrasi.siasn"
    label = "siasn"
    verbose_name = "SIASN"

    def ready(self) -> None:
        from kinerja.integrasi.siasn import receivers  # noqa: F401  (connects them)
