from django.urls import path

from kinerja.integrasi import views

app_name = "integrasi"
urlpatterns = [
    path("", views.index, name="index"),
    path("log/<int:pk>/", views.log_detail, name="log"),
]
