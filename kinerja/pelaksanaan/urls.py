from kinerja.pelaksanaan import (
    views_aktivitas,
    views_pemantauan,
    views_pembinaan,
    views_periode,
    views_realisasi,
)

app_name = "pelaksanaan"
# Each views module lists its own routes: periods and deadlines (admin), the daily log,
# rencana aksi/realisasi/bukti/umpan balik, dialog and briefing, pemantauan.
urlpatterns = (
    views_periode.urlpatterns
    + views_aktivitas.urlpatterns
    + views_realisasi.urlpatterns
    + views_pembinaan.urlpatterns
    + views_pemantauan.urlpatterns
)
