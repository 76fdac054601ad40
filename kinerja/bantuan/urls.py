from django.urls import URLPattern, path

from kinerja.bantuan import views

app_name = "bantuan"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("tiket/", views.tiket_saya, name="tiket_saya"),
    path("tiket/baru/", views.baru, name="baru"),
    path("tiket/saran/", views.saran, name="saran"),
    path("tiket/<int:pk>/", views.tiket, name="tiket"),
    path("tiket/<int:pk>/balas/", views.balas, name="balas"),
    path("tiket/<int:pk>/status/", views.status, name="status"),
    path("tiket/<int:pk>/eskalasi/", views.eskalasi, name="eskalasi"),
    path("lampiran/<int:pk>/", views.lampiran, name="lampiran"),
    path("antrean/", views.antrean, name="antrean"),
    path("antrean/nasional/", views.antrean_nasional, name="antrean_nasional"),
    path("laporan/", views.laporan, name="laporan"),
    path("artikel/<int:pk>/", views.artikel, name="artikel"),
    path("artikel/kelola/", views.artikel_kelola, name="artikel_kelola"),
    path("artikel/baru/", views.artikel_baru, name="artikel_baru"),
    path("artikel/<int:pk>/ubah/", views.artikel_ubah, name="artikel_ubah"),
    path("artikel/<int:pk>/hapus/", views.artikel_hapus, name="artikel_hapus"),
]
