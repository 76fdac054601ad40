from django.urls import path

from kinerja.pendaftaran import views

app_name = "pendaftaran"
urlpatterns = [
    path("", views.formulir, name="formulir"),
    path("status/", views.status, name="status"),
    path("tinjau/", views.daftar, name="daftar"),
    path("tinjau/<int:pk>/", views.detail, name="detail"),
    path("tinjau/<int:pk>/surat/", views.surat, name="surat"),
    path("tinjau/<int:pk>/perbaikan/", views.minta_perbaikan, name="minta_perbaikan"),
    path("tinjau/<int:pk>/setujui/", views.setujui, name="setujui"),
    path("tinjau/<int:pk>/tolak/", views.tolak, name="tolak"),
    path(
        "tinjau/<int:pk>/kirim-ulang-petunjuk/",
        views.kirim_ulang_petunjuk,
        name="kirim_ulang_petunjuk",
    ),
]
