from kinerja.penilaian import (
    views_hasil,
    views_keberatan,
    views_organisasi,
    views_penilai,
)

app_name = "penilaian"
# Each views module lists its own routes: the penilai's rating grid and evaluation screen with
# the kurva, the predikat kinerja organisasi and the configuration, the results and keberatan.
urlpatterns = (
    views_penilai.urlpatterns
    + views_organisasi.urlpatterns
    + views_hasil.urlpatterns
    + views_keberatan.urlpatterns
)
