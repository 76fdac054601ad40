from django.urls import URLPattern

app_name = "angkakredit"

urlpatterns: list[URLPattern] = []
