from django.apps import AppConfig


class AngkakreditConfig(AppConfig):
    name = "kinerja.tindaklanjut.angkakredit"
    label = "angkakredit"
    verbose_name = "Angka kredit"
