"""The SIASN page of the Admin Instansi (/integrasi/siasn/; everyone else 404, anonymous
users the login page): configuration state and connection check, the queue by tab (Menunggu,
Terkirim, Gagal, Dibatalkan) with reason, penanggung jawab and actor, "Kirim ulang", the
backfill and "Kirim sekarang", "Tarik data" (unor / pegawai → the org import preview), the
file export of the queued payloads and the SIASN part of the sync log."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from kinerja.core import ekspor, jobs
from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required
from kinerja.integrasi.http import GalatIntegrasi
from kinerja.integrasi.siasn import payload, selectors, services, tarik
from kinerja.integrasi.siasn.adapter import Adapter
from kinerja.integrasi.siasn.models import KirimanSiasn
from kinerja.org.models import Instansi

PER_HALAMAN = 25


def _instansi(request: HttpRequest) -> Instansi:
    user: Any = request.user
    return get_object_or_404(Instansi, pk=user.instansi_id)


@admin_instansi_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    tab = request.GET.get("tab", "menunggu")
    if tab not in selectors.TAB:
        tab = "menunggu"
    page = paginate(request, selectors.kiriman(instansi.pk, tab), PER_HALAMAN)
    return render(
        request,
        "siasn/index.html",
        {
            "instansi": instansi,
            "masalah": selectors.masalah_konfigurasi(instansi),
            "tab": tab,
            "tabs": [
                (key, label, n)
                for (key, label), n in zip(
                    [
                        ("menunggu", "Menunggu"),
                        ("terkirim", "Terkirim"),
                        ("gagal", "Gagal"),
                        ("dibatalkan", "Dibatalkan"),
                    ],
                    selectors.hitungan(instansi.pk).values(),
                    strict=True,
                )
            ],
            "page": page,
            "log": selectors.log_siasn(instansi.pk),
            "impor": selectors.impor_siasn(instansi.pk),
            "pekerjaan": selectors.tarik_berjalan(instansi.pk),
        },
    )


@admin_instansi_required
@require_POST
def periksa(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    try:
        pesan = Adapter.dari_env(instansi).periksa(request.user)
    except (DomainError, GalatIntegrasi) as exc:
        messages.error(request, f"Koneksi SIASN gagal: {exc}")
    else:
        messages.success(request, f"Koneksi SIASN berhasil. {pesan}")
    return redirect("siasn:index")


@admin_instansi_required
@require_POST
def kirim_ulang(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = _instansi(request)
    row = get_object_or_404(KirimanSiasn, instansi_id=instansi.pk, pk=pk)
    try:
        services.kirim_ulang(request.user, row)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Kiriman {row.nama} ({row.judul}) dijadwalkan ulang.")
    return redirect(f"{_index_url()}?tab={request.POST.get('tab', 'gagal')}")


def _index_url() -> str:
    from django.urls import reverse

    return reverse("siasn:index")


@admin_instansi_required
@require_POST
def antrekan(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    n = services.antrekan_instansi(instansi.pk, request.user)
    messages.success(
        request,
        f"{n} hasil penilaian final ditambahkan ke antrean SIASN."
        if n
        else "Semua hasil penilaian final sudah ada di antrean SIASN.",
    )
    return redirect("siasn:index")


@admin_instansi_required
@require_POST
def kirim_sekarang(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    masalah = selectors.masalah_konfigurasi(instansi)
    if masalah:
        messages.error(request, masalah)
        return redirect("siasn:index")
    pekerjaan = jobs.buat(request.user, "siasn.sapu", "Kirim antrean SIASN")
    jobs.jalankan(pekerjaan, "kinerja.integrasi.siasn.worker.tugas_sapu", instansi_id=instansi.pk)
    return redirect("pekerjaan:detail", pk=pekerjaan.pk)


@admin_instansi_required
@require_POST
def tarik_unor(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    try:
        user: Any = request.user
        batch = tarik.tarik_unor(user, instansi)
    except (DomainError, GalatIntegrasi) as exc:
        messages.error(request, f"Tarik unit organisasi gagal: {exc}")
        return redirect("siasn:index")
    messages.success(request, "Data unit organisasi SIASN diambil; periksa perubahannya.")
    return redirect("org:import_detail", pk=batch.pk)


@admin_instansi_required
@require_POST
def tarik_pegawai(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    masalah = selectors.masalah_konfigurasi(instansi)
    if masalah:
        messages.error(request, masalah)
        return redirect("siasn:index")
    nips = [n for n in request.POST.get("nip", "").replace(",", " ").split() if n.isdigit()]
    pekerjaan = jobs.buat(request.user, "siasn.tarik_pegawai", "Tarik data pegawai dari SIASN")
    jobs.jalankan(
        pekerjaan,
        "kinerja.integrasi.siasn.tarik.tugas_tarik_pegawai",
        instansi_id=instansi.pk,
        aktor_id=request.user.pk,
        nips=nips or None,
    )
    return redirect("pekerjaan:detail", pk=pekerjaan.pk)


KOLOM_EKSPOR = [
    ("nip", 20),
    ("nama", 30),
    ("periode", 18),
    ("jenis", 10),
    ("versi", 6),
    ("status", 10),
    *[(k, 16) for k in payload.KOLOM_EKSPOR],
    ("path_dok_uri", 40),
]


@admin_instansi_required
@require_GET
def unduh(request: HttpRequest) -> HttpResponseBase:
    """The queued payloads as a file (SE BKN 11/2023 §5.e file sync): ?format=xlsx|csv."""
    instansi = _instansi(request)
    tab = request.GET.get("tab", "menunggu")
    if tab not in selectors.TAB:
        raise Http404

    def rows() -> Any:
        for nip, nama, judul, jenis, versi, status, data, dok in selectors.baris_ekspor(
            instansi.pk, tab
        ):
            yield [
                nip,
                nama,
                judul,
                jenis,
                versi,
                status,
                *[_sel(data.get(k)) for k in payload.KOLOM_EKSPOR],
                str((dok or {}).get("dok_uri") or ""),
            ]

    return ekspor.unduh(
        request,
        f"siasn-{tab}",
        KOLOM_EKSPOR,
        rows(),
        [("Instansi", instansi.nama), ("Isi", f"Kiriman SIASN berstatus {tab}")],
        lembar="SIASN",
    )


def _sel(value: Any) -> Any:
    if value is None:
        return None
    return value if isinstance(value, int | float) else str(value)
