from django.apps import AppConfig


class DokumenConfig(AppConfig):
    name = "kinerja.tindaklanjut.dokumen"
    label = "dokumen"
    verbose_name = "Dokumen dan tanda tangan elektronik"
