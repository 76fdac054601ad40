from django.urls import path

from kinerja.integrasi.ekinerjabkn import views

app_name = "ekinerjabkn"
urlpatterns = [
    path("", views.index, name="index"),
    path("impor/", views.impor, name="impor"),
    path("impor/<int:pk>/", views.impor_detail, name="impor_detail"),
    path("impor/<int:pk>/terapkan/", views.terapkan, name="terapkan"),
    path("impor/<int:pk>/batal/", views.batal, name="batal"),
    path("templat.xlsx", views.templat, name="templat"),
]
