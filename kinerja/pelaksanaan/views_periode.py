"""Views of stage 2: periode. Routes are listed in `urlpatterns` and gathered by urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
