"""The public verification page /v/<kode>/: no login, and nothing but what verifying needs.

It says whether the code belongs to a document issued here, its kind and period, its status
(berlaku or digantikan), the signers (name, role, time, NIP masked) and the SHA-256 of the
current file. Nothing of the content (no ratings, no predikat, no other names). A form takes a
PDF and checks it (verifikasi.periksa): the hash against the recorded states and the
signatures against the trust roots.
"""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from kinerja.tindaklanjut.dokumen import selectors, verifikasi
from kinerja.tindaklanjut.dokumen.models import Dokumen, TandaTangan


class PeriksaForm(forms.Form):
    berkas = forms.FileField(label="Berkas PDF yang akan diperiksa")

    def clean_berkas(self):  # type: ignore[no-untyped-def]
        berkas = self.cleaned_data["berkas"]
        if berkas.size > settings.BERKAS_MAX_BYTES:
            raise forms.ValidationError("Berkas terlalu besar untuk diperiksa.")
        return berkas


def samarkan_nip(nip: str) -> str:
    """1980**********2003: enough to match the printed document, while the birth date, the
    appointment month and the gender encoded in the middle (domain.md §2) stay private on a
    page anyone can open."""
    nip = (nip or "").strip()
    if len(nip) < 9:
        return "*" * len(nip)
    return nip[:4] + "*" * (len(nip) - 8) + nip[-4:]


def _konteks(dok: Dokumen, ttd: list[TandaTangan]) -> dict[str, object]:
    return {
        "dok": dok,
        "penanda": [
            {
                "nama": t.nama,
                "peran": t.peran,
                "nip": samarkan_nip(t.nip),
                "waktu": t.waktu,
            }
            for t in ttd
        ],
    }


@require_http_methods(["GET", "POST"])
def dokumen(request: HttpRequest, kode: str) -> HttpResponse:
    dok, ttd = selectors.dokumen_publik(kode)
    context = _konteks(dok, ttd)
    form = PeriksaForm()
    if request.method == "POST":
        form = PeriksaForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["berkas"].read()
            context["hasil"] = verifikasi.periksa(dok, ttd, data)
    context["form"] = form
    response = render(request, "dokumen/verifikasi.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
