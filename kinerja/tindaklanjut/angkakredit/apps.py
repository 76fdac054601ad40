from django.apps import AppConfig


class AngkakreditConfig(AppConfig):
    name = "kinerja.tindaklanjut.angkakredit"
    label = "angkakredit"
    verbose_name = "Angka kredit"

    def ready(self) -> None:
        from kinerja.tindaklanjut.angkakredit import receivers

        receivers.connect()
