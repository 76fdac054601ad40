from django.urls import path

from kinerja.integrasi.siasn import views

app_name = "siasn"
urlpatterns = [
    path("", views.index, name="index"),
    path("periksa/", views.periksa, name="periksa"),
    path("antrekan/", views.antrekan, name="antrekan"),
    path("kirim-sekarang/", views.kirim_sekarang, name="kirim_sekarang"),
    path("kiriman/<int:pk>/kirim-ulang/", views.kirim_ulang, name="kirim_ulang"),
    path("tarik/unor/", views.tarik_unor, name="tarik_unor"),
    path("tarik/pegawai/", views.tarik_pegawai, name="tarik_pegawai"),
    path("unduh/", views.unduh, name="unduh"),
]
