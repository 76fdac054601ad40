from django.apps import AppConfig


class DokumenConfig(AppConfig):
    name = "kinerja.tindaklanjut.dokumen"
    label = "dokumen"
    verbose_name = "Dokumen dan tanda tangan elektronik"

    def ready(self) -> None:
        from kinerja.tindaklanjut.dokumen import receivers  # noqa: F401  (connects them)
