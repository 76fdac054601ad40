from kinerja.tindaklanjut.dokumen.views import urlpatterns

app_name = "dokumen"

__all__ = ["app_name", "urlpatterns"]
