"""Import screens (placeholder until the import is built)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kinerja.core.permissions import admin_instansi_required


@admin_instansi_required
def import_index(request: HttpRequest) -> HttpResponse:
    return render(request, "org/import_index.html", {})
