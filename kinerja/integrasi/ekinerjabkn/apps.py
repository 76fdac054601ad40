from django.apps import AppConfig


class EkinerjabknConfig(AppConfig):
    name = "kinerja.integrasi.ekinerjabkn"
    label = "ekinerjabkn"
    verbose_name = "e-Kinerja BKN"
