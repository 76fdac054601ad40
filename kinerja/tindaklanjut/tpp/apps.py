from django.apps import AppConfig


class TppConfig(AppConfig):
    name = "kinerja.tindaklanjut.tpp"
    label = "tpp"
    verbose_name = "Tambahan penghasilan pegawai"
