from django.apps import AppConfig


class IntegrasiConfig(AppConfig):
    name = "kinerja.integrasi"
    label = "integrasi"
    verbose_name = "Integrasi"
