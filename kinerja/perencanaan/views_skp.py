"""The SKP page: the pegawai drafts and submits, the penilai reviews (placeholder)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
