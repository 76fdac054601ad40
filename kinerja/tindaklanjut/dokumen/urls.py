from django.urls import URLPattern

app_name = "dokumen"

urlpatterns: list[URLPattern] = []
