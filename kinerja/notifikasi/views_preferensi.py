"""/notifikasi/preferensi/: the user's own e-mail preferences, one checkbox per kategori."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from kinerja.core.permissions import DomainError, role_required
from kinerja.notifikasi.jenis import KATEGORI
from kinerja.notifikasi.preferensi import email_mati, simpan_preferensi

logged_in = role_required(lambda u: True)


@logged_in
def preferensi(request: HttpRequest) -> HttpResponse:
    """Any logged-in user; an account outside any instansi (Admin Nasional) receives no
    notification, so the page only says so."""
    user: Any = request.user
    if not user.instansi_id:
        return render(request, "notifikasi/preferensi.html", {"tanpa_instansi": True})
    if request.method == "POST":
        # What is checked is on: the kategori left unchecked are turned off.
        hidup = set(request.POST.getlist("kirim"))
        try:
            email = request.POST.get("email")  # absent: the address is left as it is
            simpan_preferensi(user, [k for k in KATEGORI if k not in hidup], email)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Preferensi e-mail disimpan.")
            return redirect("notifikasi:preferensi")
    mati = set(email_mati(user))
    pilihan = [(k, label, k not in mati) for k, label in KATEGORI.items()]
    return render(
        request,
        "notifikasi/preferensi.html",
        {"pilihan": pilihan, "email": (user.email or "").strip()},
    )


urlpatterns: list[URLPattern] = [path("preferensi/", preferensi, name="preferensi")]
