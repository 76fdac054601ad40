from django.apps import AppConfig


class LaporanConfig(AppConfig):
    name = "kinerja.tindaklanjut.laporan"
    label = "laporan"
    verbose_name = "Laporan"
