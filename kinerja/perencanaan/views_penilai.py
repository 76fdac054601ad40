"""Overviews: bawahan SKP status, Matriks Peran Hasil, cascade tree, admin counts (placeholder)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
