"""TPP (Tambahan Penghasilan Pegawai): configuration, disiplin import, monthly recap."""

from kinerja.tindaklanjut.tpp.views import urlpatterns

app_name = "tpp"

__all__ = ["app_name", "urlpatterns"]
