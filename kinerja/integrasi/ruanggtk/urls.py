from django.urls import path

from kinerja.integrasi.ruanggtk import views

app_name = "ruanggtk"
urlpatterns = [
    path("", views.index, name="index"),
    path("tarik/", views.tarik, name="tarik"),
    path("periksa/", views.periksa, name="periksa"),
    path("impor/<int:pk>/", views.impor_detail, name="impor"),
    path("impor/<int:pk>/terapkan/", views.terapkan, name="terapkan"),
    path("impor/<int:pk>/batal/", views.batal, name="batal"),
    path("contoh.jsonl", views.contoh, name="contoh"),
    path("skema.json", views.skema, name="skema"),
]
