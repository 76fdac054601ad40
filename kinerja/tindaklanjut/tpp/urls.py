from django.urls import URLPattern

app_name = "tpp"

urlpatterns: list[URLPattern] = []
