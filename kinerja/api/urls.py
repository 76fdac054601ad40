from django.urls import path

from kinerja.api import views

app_name = "api_token"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("baru/", views.baru, name="baru"),
    path("<int:pk>/cabut/", views.cabut, name="cabut"),
]
