from django.urls import URLPattern

app_name = "verifikasi"

urlpatterns: list[URLPattern] = []
