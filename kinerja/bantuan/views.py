"""Views of the helpdesk. Tickets are found through selectors (404 for whoever may not read
them) and written through services; a refusal is shown as a message and writes nothing."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.bantuan import selectors, services
from kinerja.bantuan.forms import (
    KATEGORI_SARING,
    STATUS_SARING,
    ArtikelForm,
    TiketForm,
)
from kinerja.bantuan.models import StatusTiket
from kinerja.core.pagination import paginate
from kinerja.core.permissions import (
    DomainError,
    admin_instansi_required,
    admin_nasional_required,
    role_required,
)
from kinerja.pelaksanaan import berkas

logged_in = role_required(lambda u: True)
petugas_required = role_required(
    lambda u: u.is_admin_nasional or (u.is_admin_instansi and u.instansi_id)
)
HARI_LAPORAN = (30, 90, 365)


def _user(request: HttpRequest) -> Any:
    return request.user


@require_GET
@logged_in
def index(request: HttpRequest) -> HttpResponse:
    """Search the knowledge base before asking; the user's latest tickets beside it."""
    user = _user(request)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "bantuan/index.html",
        {
            "q": q,
            "page": paginate(request, selectors.cari_artikel(user, q), per_page=10),
            "tiket_list": list(selectors.tiket_saya(user)[:5]),
        },
    )


@require_GET
@logged_in
def tiket_saya(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.tiket_saya(_user(request)))
    return render(request, "bantuan/tiket_saya.html", {"page": page})


@require_http_methods(["GET", "POST"])
@logged_in
def baru(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    dari = services.halaman_lokal(request.POST.get("halaman_asal") or request.GET.get("dari"))
    form = TiketForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tiket = services.buka_tiket(
                user,
                kategori=data["kategori"],
                judul=data["judul"],
                uraian=data["uraian"],
                halaman_asal=dari,
                lampiran=request.FILES.getlist("lampiran"),
            )
        except (DomainError, PermissionDenied) as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                f"Tiket {tiket.nomor} terkirim ke Admin Instansi. Anda akan diberi "
                "tahu bila ada balasan.",
            )
            return redirect("bantuan:tiket", tiket.pk)
    saran = selectors.saran_artikel(user, request.POST.get("judul", "")) if request.POST else []
    return render(
        request,
        "bantuan/baru.html",
        {
            "form": form,
            "dari": dari,
            "error": error,
            "saran": saran,
            "bisa": bool(user.instansi_id),
        },
    )


@require_GET
@logged_in
def saran(request: HttpRequest) -> HttpResponse:
    """Articles matching what the user types in the ticket form (htmx fragment)."""
    teks = f"{request.GET.get('judul', '')} {request.GET.get('uraian', '')}"[:500]
    return render(
        request, "bantuan/_saran.html", {"saran": selectors.saran_artikel(_user(request), teks)}
    )


@require_GET
@logged_in
def tiket(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.tiket_for_user(user, pk)
    balasan, lampiran = selectors.utas(row)
    petugas = selectors.boleh_menangani(user, row)
    return render(
        request,
        "bantuan/tiket.html",
        {
            "tiket": row,
            "balasan": balasan,
            "lampiran": lampiran,
            "petugas": petugas,
            "pelapor": row.pelapor_id == user.pk,
            "bisa_eskalasi": (
                user.is_admin_instansi
                and user.instansi_id == row.instansi_id
                and not row.dieskalasi_at
                and row.terbuka
            ),
            "Status": StatusTiket,
        },
    )


def _ke_tiket(request: HttpRequest, pk: int, sukses: str, fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        fn(*args, **kw)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, sukses)
    return redirect("bantuan:tiket", pk)


@require_POST
@logged_in
def balas(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.tiket_for_user(user, pk)
    return _ke_tiket(
        request,
        pk,
        "Balasan terkirim.",
        services.balas,
        user,
        row,
        request.POST.get("isi", ""),
        lampiran=request.FILES.getlist("lampiran"),
        setelah=request.POST.get("setelah", "menunggu"),
    )


AKSI = {
    "proses": ("Tiket diproses.", services.ubah_status, StatusTiket.DIPROSES),
    "selesai": ("Tiket ditandai selesai.", services.ubah_status, StatusTiket.SELESAI),
}


@require_POST
@logged_in
def status(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.tiket_for_user(user, pk)
    aksi = request.POST.get("aksi", "")
    if aksi == "buka_kembali":
        return _ke_tiket(
            request,
            pk,
            "Tiket dibuka kembali.",
            services.buka_kembali,
            user,
            row,
            request.POST.get("alasan", ""),
        )
    if aksi not in AKSI:
        messages.error(request, "Tindakan tidak dikenal.")
        return redirect("bantuan:tiket", pk)
    sukses, fn, baru_status = AKSI[aksi]
    return _ke_tiket(request, pk, sukses, fn, user, row, baru_status)


@require_POST
@admin_instansi_required
def eskalasi(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.tiket_for_user(user, pk)
    return _ke_tiket(
        request,
        pk,
        "Tiket diteruskan ke Admin Nasional.",
        services.eskalasi,
        user,
        row,
        request.POST.get("catatan", ""),
    )


@require_GET
@logged_in
def lampiran(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download an attachment after the ticket's own access check (404 otherwise)."""
    return berkas.unduh(selectors.lampiran_for_user(_user(request), pk))


def _saringan(request: HttpRequest) -> tuple[str, str]:
    return request.GET.get("status", ""), request.GET.get("kategori", "")


@require_GET
@admin_instansi_required
def antrean(request: HttpRequest) -> HttpResponse:
    status_, kategori = _saringan(request)
    rows = selectors.antrean_instansi(_user(request).instansi_id, status_, kategori)
    return _antrean(request, rows, "Tiket bantuan instansi", status_, kategori, nasional=False)


@require_GET
@admin_nasional_required
def antrean_nasional(request: HttpRequest) -> HttpResponse:
    status_, kategori = _saringan(request)
    rows = selectors.antrean_nasional(status_, kategori)
    return _antrean(request, rows, "Tiket yang diteruskan", status_, kategori, nasional=True)


def _antrean(
    request: HttpRequest, rows: Any, judul: str, status_: str, kategori: str, *, nasional: bool
) -> HttpResponse:
    return render(
        request,
        "bantuan/antrean.html",
        {
            "judul": judul,
            "page": paginate(request, rows),
            "status": status_,
            "kategori": kategori,
            "status_pilihan": STATUS_SARING,
            "kategori_pilihan": KATEGORI_SARING,
            "nasional": nasional,
        },
    )


@require_GET
@petugas_required
def laporan(request: HttpRequest) -> HttpResponse:
    """Open tickets by age and kategori, median time to first answer: the Admin Instansi its
    own instansi, the Admin Nasional every instansi with tickets."""
    user = _user(request)
    hari = int(request.GET.get("hari", "30")) if request.GET.get("hari", "").isdigit() else 30
    hari = hari if hari in HARI_LAPORAN else 30
    ids = None if user.is_admin_nasional else [user.instansi_id]
    return render(
        request,
        "bantuan/laporan.html",
        {
            "hasil": selectors.laporan(ids, hari),
            "hari": hari,
            "hari_pilihan": HARI_LAPORAN,
            "umur": selectors.UMUR,
        },
    )


# --- Knowledge base ------------------------------------------------------------------------------


@require_GET
@logged_in
def artikel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.artikel_for_user(user, pk)
    return render(
        request,
        "bantuan/artikel.html",
        {"artikel": row, "kelola": selectors.boleh_kelola_artikel(user, row)},
    )


@require_GET
@petugas_required
def artikel_kelola(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.artikel_kelolaan(_user(request)))
    return render(request, "bantuan/artikel_kelola.html", {"page": page})


@require_http_methods(["GET", "POST"])
@petugas_required
def artikel_baru(request: HttpRequest) -> HttpResponse:
    return _artikel_form(request, None)


@require_http_methods(["GET", "POST"])
@petugas_required
def artikel_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    return _artikel_form(request, selectors.artikel_kelolaan_for_user(_user(request), pk))


def _artikel_form(request: HttpRequest, row: Any) -> HttpResponse:
    user = _user(request)
    initial = (
        {
            "judul": row.judul,
            "kategori": row.kategori,
            "isi": row.isi,
            "diterbitkan": row.diterbitkan,
        }
        if row
        else {"kategori": "lainnya"}
    )
    form = ArtikelForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            if row is None:
                row = services.buat_artikel(user, **form.cleaned_data)
            else:
                services.ubah_artikel(user, row, **form.cleaned_data)
        except (DomainError, PermissionDenied) as exc:
            error = str(exc)
        else:
            messages.success(request, "Artikel disimpan.")
            return redirect("bantuan:artikel_kelola")
    return render(
        request, "bantuan/artikel_form.html", {"form": form, "artikel": row, "error": error}
    )


@require_POST
@petugas_required
def artikel_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.artikel_kelolaan_for_user(user, pk)
    try:
        services.hapus_artikel(user, row)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Artikel \u201c{row.judul}\u201d dihapus.")
    return redirect("bantuan:artikel_kelola")
