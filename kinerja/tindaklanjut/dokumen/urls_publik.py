from django.urls import URLPattern, path

from kinerja.tindaklanjut.dokumen import views_publik

app_name = "verifikasi"

urlpatterns: list[URLPattern] = [
    path("<str:kode>/", views_publik.dokumen, name="dokumen"),
]
