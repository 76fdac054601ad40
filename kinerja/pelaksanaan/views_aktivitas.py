"""Views of the daily log (aktivitas harian): the pegawai's week calendar with add/edit/delete
forms (htmx fragments, full pages without JavaScript), copy from a day, XLSX import, bukti
download; the penilai's review list; the monthly recap of effective minutes for the pegawai, the
penilai and the Admin Instansi (with XLSX export).

Objects are found through instansi-scoped selectors (404 for what the user may not see) and
every write goes through services_aktivitas; refusals become messages and write nothing.
"""

import datetime as dt
import tempfile
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import xlsxwriter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.core.pagination import paginate
from kinerja.core.permissions import (
    DomainError,
    admin_instansi_required,
    pegawai_required,
    role_required,
)
from kinerja.org import selectors as org_selectors
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import berkas, impor_aktivitas, jadwal
from kinerja.pelaksanaan import selectors_aktivitas as sel
from kinerja.pelaksanaan import services_aktivitas as services
from kinerja.pelaksanaan.forms_aktivitas import (
    AktivitasForm,
    ImporForm,
    KembalikanForm,
    SalinForm,
    pesan_form,
)
from kinerja.pelaksanaan.models import AktivitasHarian, StatusAktivitas

# The bukti download also serves the Admin Instansi (no pegawai); the selector decides.
logged_in = role_required(lambda u: True)
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
PER_HALAMAN = 25
PER_HALAMAN_REKAP = 50


def _user(request: HttpRequest) -> Any:
    return request.user


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _tanggal(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return default


def _kalender_url(tanggal: dt.date) -> str:
    return reverse("pelaksanaan:aktivitas_kalender") + f"?minggu={tanggal.isoformat()}"


# --- The week calendar -----------------------------------------------------------------------


def _minggu_context(user: Any, senin: dt.date) -> dict[str, Any]:
    """The week's columns (Monday to Sunday) with entries and totals: one query."""
    today = timezone.localdate()
    minggu = sel.aktivitas_rentang(
        user.instansi_id, user.pegawai_id, senin, senin + dt.timedelta(days=6)
    )
    hari = []
    for i, nama in enumerate(HARI):
        tanggal = senin + dt.timedelta(days=i)
        rows = [a for a in minggu if a.tanggal == tanggal]
        hari.append(
            {
                "nama": nama,
                "tanggal": tanggal,
                "aktivitas": rows,
                "menit": sum(a.menit for a in rows),
                "diterima": sum(a.menit for a in rows if a.status == StatusAktivitas.DITERIMA),
                "hari_ini": tanggal == today,
                "nanti": tanggal > today,
            }
        )
    kemarin = today - dt.timedelta(days=3 if today.weekday() == 0 else 1)
    return {
        "senin": senin,
        "minggu_akhir": senin + dt.timedelta(days=6),
        "hari": hari,
        "total": sum(a.menit for a in minggu),
        "total_teks": sel.jam_menit(sum(a.menit for a in minggu)),
        "total_diterima": sum(a.menit for a in minggu if a.status == StatusAktivitas.DITERIMA),
        "sebelumnya": senin - dt.timedelta(days=7),
        "berikutnya": senin + dt.timedelta(days=7),
        "today": today,
        "ini_minggu_ini": senin <= today <= senin + dt.timedelta(days=6),
        "salin_dari": kemarin,
        "salin_ke": today,
        "STATUS": StatusAktivitas,
    }


@pegawai_required
def kalender(request: HttpRequest) -> HttpResponse:
    senin = sel.senin_dari(_tanggal(request.GET.get("minggu"), timezone.localdate()))
    context = _minggu_context(_user(request), senin)
    return render(request, "pelaksanaan/aktivitas_kalender.html", context)


def _minggu_fragment(request: HttpRequest, tanggal: dt.date) -> HttpResponse:
    """htmx: the refreshed week (swapped over #kalender, with its messages)."""
    senin = sel.senin_dari(tanggal)
    context = {**_minggu_context(_user(request), senin), "htmx": True}
    response = render(request, "pelaksanaan/aktivitas_minggu.html", context)
    response["HX-Retarget"] = "#kalender"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Push-Url"] = _kalender_url(senin)
    return response


def _selesai(request: HttpRequest, tanggal: dt.date) -> HttpResponse:
    """After a write (or a refusal shown as a message): the week, as a fragment or a page."""
    if _htmx(request):
        return _minggu_fragment(request, tanggal)
    return redirect(_kalender_url(tanggal) + f"#hari-{tanggal.isoformat()}")


# --- Add / edit forms ------------------------------------------------------------------------

KOSONG = {
    "tanggal": "",
    "jam_mulai": "",
    "jam_selesai": "",
    "uraian": "",
    "rhk": "",
    "rencana_aksi": "",
    "kuantitas": "",
    "satuan": "",
    "tautan": "",
}


def _nilai_dari(row: AktivitasHarian) -> dict[str, str]:
    kuantitas = "" if row.kuantitas is None else f"{row.kuantitas.normalize():f}"
    return {
        "tanggal": row.tanggal.isoformat(),
        "jam_mulai": f"{row.jam_mulai:%H:%M}",
        "jam_selesai": f"{row.jam_selesai:%H:%M}",
        "uraian": row.uraian,
        "rhk": str(row.rhk_id or ""),
        "rencana_aksi": str(row.rencana_aksi_id or ""),
        "kuantitas": kuantitas,
        "satuan": row.satuan,
        "tautan": row.tautan,
    }


def _form_response(
    request: HttpRequest,
    nilai: dict[str, str],
    row: AktivitasHarian | None = None,
    error: str = "",
) -> HttpResponse:
    """The form as an htmx fragment (into #aktivitas-form) or a full page."""
    user = _user(request)
    tanggal = _tanggal(nilai.get("tanggal"), timezone.localdate())
    context = {
        "nilai": nilai,
        "row": row,
        "error": error,
        "tanggal": tanggal,
        "rhk_pilihan": sel.rhk_pilihan(user.instansi_id, user.pegawai_id, tanggal.year),
        "ra_pilihan": sel.rencana_aksi_pilihan(user.instansi_id, user.pegawai_id, tanggal),
        "batal_url": _kalender_url(row.tanggal if row else tanggal),
        "maks_mb": settings.BERKAS_MAX_BYTES // (1024 * 1024),
        "diterima": row is not None and row.status == StatusAktivitas.DITERIMA,
    }
    template = "aktivitas_form_isi" if _htmx(request) else "aktivitas_form"
    return render(request, f"pelaksanaan/{template}.html", context)


def _simpan(
    request: HttpRequest,
    row: AktivitasHarian | None,
    write: Callable[[AktivitasForm], AktivitasHarian],
) -> HttpResponse:
    """Parse the posted form, call the service; on a refusal the form again with the reason."""
    form = AktivitasForm(request.POST, request.FILES)
    nilai = {k: request.POST.get(k, "") for k in KOSONG}
    if not form.is_valid():
        return _form_response(request, nilai, row, pesan_form(form))
    try:
        saved = write(form)
    except (DomainError, PermissionDenied) as exc:
        return _form_response(request, nilai, row, str(exc) or "Anda tidak berhak.")
    messages.success(
        request,
        f"Aktivitas {saved} ({saved.menit} menit) {'diperbarui' if row else 'dicatat'}.",
    )
    return _selesai(request, saved.tanggal)


@pegawai_required
def tambah(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        user = _user(request)
        return _simpan(
            request, None, lambda form: services.catat_aktivitas(user, **form.service_kwargs())
        )
    tanggal = _tanggal(request.GET.get("tanggal"), timezone.localdate())
    nilai = {**KOSONG, "tanggal": tanggal.isoformat(), "jam_mulai": request.GET.get("jam", "")}
    return _form_response(request, nilai)


@pegawai_required
def ubah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = sel.aktivitas_milik(user, pk)
    if request.method == "POST":
        return _simpan(
            request,
            row,
            lambda form: services.ubah_aktivitas(
                user,
                row.pk,
                **form.service_kwargs(),
                hapus_berkas=form.cleaned_data["hapus_berkas"],
            ),
        )
    return _form_response(request, _nilai_dari(row), row)


@require_POST
@pegawai_required
def hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = sel.aktivitas_milik(user, pk)
    try:
        services.hapus_aktivitas(user, row.pk)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Aktivitas {row} dihapus.")
    return _selesai(request, row.tanggal)


@require_POST
@pegawai_required
def salin(request: HttpRequest) -> HttpResponse:
    form = SalinForm(request.POST)
    if not form.is_valid():
        messages.error(request, pesan_form(form))
        return _selesai(request, timezone.localdate())
    dari, ke = form.cleaned_data["dari_tanggal"], form.cleaned_data["ke_tanggal"]
    try:
        copies = services.salin_aktivitas(_user(request), dari, ke)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"{len(copies)} aktivitas disalin dari {jadwal.format_tanggal(dari)} ke "
            f"{jadwal.format_tanggal(ke)}. Periksa dan lengkapi buktinya.",
        )
    return _selesai(request, ke)


@logged_in
def bukti(request: HttpRequest, pk: int) -> HttpResponseBase:
    row = sel.aktivitas_untuk_bukti(_user(request), pk)
    if not row.berkas:
        raise Http404
    return berkas.unduh(row)


# --- Import ----------------------------------------------------------------------------------


@pegawai_required
def impor(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "kolom": list(zip(impor_aktivitas.JUDUL, impor_aktivitas.KOLOM, strict=True))
    }
    if request.method == "POST":
        form = ImporForm(request.POST, request.FILES)
        if not form.is_valid():
            context["error"] = pesan_form(form)
        else:
            upload = form.cleaned_data["berkas"]
            try:
                impor_aktivitas.periksa_ukuran(upload.size or 0)  # before reading it
                rows = impor_aktivitas.impor_aktivitas(
                    _user(request), upload.name or "", upload.read()
                )
            except impor_aktivitas.ImporGagal as exc:
                context.update(error=str(exc), kesalahan=exc.kesalahan)
            except (DomainError, PermissionDenied) as exc:
                context["error"] = str(exc)
            else:
                messages.success(request, f"{len(rows)} aktivitas diimpor dan menunggu diperiksa.")
                return redirect(_kalender_url(min(r.tanggal for r in rows)))
    return render(request, "pelaksanaan/aktivitas_impor.html", context)


@pegawai_required
def templat(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(impor_aktivitas.templat_xlsx(), content_type=impor_aktivitas.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{impor_aktivitas.NAMA_TEMPLAT}"'
    return response


# --- The penilai: review ---------------------------------------------------------------------

STATUS_SARING = {"Menunggu", "Diterima", "Dikembalikan", "semua"}


def _me(request: HttpRequest) -> Pegawai:
    return Pegawai.objects.select_related("unor").get(
        instansi_id=_user(request).instansi_id, pk=_user(request).pegawai_id
    )


@pegawai_required
def periksa(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", StatusAktivitas.MENUNGGU)
    status = status if status in STATUS_SARING else StatusAktivitas.MENUNGGU
    me = _me(request)
    bawahan = sel.bawahan_ids(me)
    qs = sel.antrian_penilai(me.instansi_id, bawahan, "" if status == "semua" else status)
    counts = sel.hitung_status(me.instansi_id, bawahan)
    page = paginate(request, qs, PER_HALAMAN)
    return render(
        request,
        "pelaksanaan/aktivitas_periksa.html",
        {
            "page": page,
            "status": status,
            "counts": counts,
            "total": sum(counts.values()),
            "kembali": request.get_full_path(),
        },
    )


def _kembali(request: HttpRequest) -> HttpResponse:
    """Back to the review list the form came from (only a local path of that list)."""
    target = request.POST.get("kembali", "")
    base = reverse("pelaksanaan:aktivitas_periksa")
    return redirect(target if target.startswith(base) else base)


@require_POST
@pegawai_required
def terima(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    try:
        n = services.terima_aktivitas(_user(request), ids)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{n} aktivitas diterima.")
    return _kembali(request)


@require_POST
@pegawai_required
def kembalikan(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = sel.aktivitas_untuk_penilai(user, pk)
    form = KembalikanForm(request.POST)
    catatan = form.cleaned_data["catatan"] if form.is_valid() else ""
    try:
        services.kembalikan_aktivitas(user, row.pk, catatan)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Aktivitas {row} dikembalikan kepada {row.pegawai.nama}.")
    return _kembali(request)


# --- Monthly recap of effective minutes ------------------------------------------------------


def _bulan(request: HttpRequest) -> tuple[int, int]:
    """?bulan=YYYY-MM, default this month."""
    today = timezone.localdate()
    value = request.GET.get("bulan", "")
    try:
        tahun, bulan = (int(x) for x in value.split("-"))
        if 2000 <= tahun <= today.year + 1 and 1 <= bulan <= 12:
            return tahun, bulan
    except ValueError:
        pass
    return today.year, today.month


def _bulan_context(tahun: int, bulan: int) -> dict[str, Any]:
    prev = (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)
    nxt = (tahun + 1, 1) if bulan == 12 else (tahun, bulan + 1)
    return {
        "tahun": tahun,
        "bulan": bulan,
        "bulan_nama": f"{jadwal.BULAN[bulan - 1]} {tahun}",
        "bulan_param": f"{tahun}-{bulan:02d}",
        "bulan_lalu": f"{prev[0]}-{prev[1]:02d}",
        "bulan_depan": f"{nxt[0]}-{nxt[1]:02d}",
    }


@pegawai_required
def rekap_saya(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tahun, bulan = _bulan(request)
    per_hari = sel.rekap_harian(user.instansi_id, user.pegawai_id, tahun, bulan)
    hari = sorted(per_hari.items())
    return render(
        request,
        "pelaksanaan/aktivitas_rekap_saya.html",
        {**_bulan_context(tahun, bulan), "hari": hari, "total": sel.jumlahkan(per_hari.values())},
    )


def _baris_rekap(
    instansi_id: int, tahun: int, bulan: int, pegawai: list[Pegawai]
) -> list[tuple[Pegawai, sel.RekapMenit]]:
    rekap = sel.rekap_menit_bulanan(instansi_id, tahun, bulan, [p.pk for p in pegawai])
    return [(p, rekap.get(p.pk, sel.KOSONG)) for p in pegawai]


@pegawai_required
def rekap_bawahan(request: HttpRequest) -> HttpResponse:
    tahun, bulan = _bulan(request)
    me = _me(request)
    qs = org_selectors.bawahan_of(me).select_related("jabatan", "unor").order_by("nama", "id")
    page = paginate(request, qs, PER_HALAMAN_REKAP)
    rows = _baris_rekap(me.instansi_id, tahun, bulan, list(page.object_list))
    return render(
        request,
        "pelaksanaan/aktivitas_rekap_pegawai.html",
        {
            **_bulan_context(tahun, bulan),
            "judul": "Rekap menit efektif bawahan",
            "page": page,
            "rows": rows,
            "halaman": sel.jumlahkan(r for _, r in rows),
        },
    )


@admin_instansi_required
def rekap_instansi(request: HttpRequest) -> HttpResponse:
    user, (tahun, bulan) = _user(request), _bulan(request)
    q = request.GET.get("q", "")
    page = paginate(request, org_selectors.search_pegawai(user.instansi_id, q), PER_HALAMAN_REKAP)
    rows = _baris_rekap(user.instansi_id, tahun, bulan, list(page.object_list))
    ekspor = (
        reverse("pelaksanaan:aktivitas_rekap_ekspor")
        + "?"
        + urlencode({"bulan": f"{tahun}-{bulan:02d}", "q": q})
    )
    return render(
        request,
        "pelaksanaan/aktivitas_rekap_pegawai.html",
        {
            **_bulan_context(tahun, bulan),
            "judul": "Rekap menit efektif pegawai instansi",
            "page": page,
            "rows": rows,
            "halaman": sel.jumlahkan(r for _, r in rows),
            "q": q,
            "cari": True,
            "ekspor_url": ekspor,
        },
    )


EKSPOR_KOLOM = (
    ("NIP", 20),
    ("Nama", 36),
    ("Unit", 36),
    ("Jabatan", 36),
    ("Menit diterima (efektif)", 14),
    ("Jam efektif", 12),
    ("Menit menunggu", 14),
    ("Menit dikembalikan", 14),
    ("Total menit", 12),
    ("Jumlah aktivitas", 12),
)


@admin_instansi_required
def rekap_ekspor(request: HttpRequest) -> FileResponse:
    """Every pegawai of the instansi (or those matching ?q) with the month's minutes. Two
    queries whatever the size; XlsxWriter in constant_memory mode writes row by row to a
    temporary file, so 100,000 rows do not sit in memory."""
    user, (tahun, bulan) = _user(request), _bulan(request)
    qs = org_selectors.search_pegawai(user.instansi_id, request.GET.get("q", ""))
    ids = qs.order_by().values("id") if request.GET.get("q", "").strip() else None
    rekap = sel.rekap_menit_bulanan(user.instansi_id, tahun, bulan, ids)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet(f"{jadwal.BULAN[bulan - 1]} {tahun}")
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EDF3"})
    for col, (judul, width) in enumerate(EKSPOR_KOLOM):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, judul, bold)
    fields = ("id", "nip", "nama", "gelar_depan", "gelar_belakang", "unor__nama", "jabatan__nama")
    for n, values in enumerate(qs.values_list(*fields).iterator(chunk_size=5000), start=1):
        pk, nip, nama, depan, belakang, unit, jabatan = values
        r = rekap.get(pk, sel.KOSONG)
        nama_lengkap = f"{depan} {nama}".strip() + (f", {belakang}" if belakang else "")
        sheet.write_string(n, 0, nip)
        sheet.write_string(n, 1, nama_lengkap)
        sheet.write_string(n, 2, unit or "")
        sheet.write_string(n, 3, jabatan or "")
        sheet.write_number(n, 4, r.diterima)
        sheet.write_number(n, 5, round(r.diterima / 60, 2))
        sheet.write_number(n, 6, r.menunggu)
        sheet.write_number(n, 7, r.dikembalikan)
        sheet.write_number(n, 8, r.total)
        sheet.write_number(n, 9, r.jumlah)
    workbook.close()
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"rekap-menit-efektif-{tahun}-{bulan:02d}.xlsx",
        content_type=impor_aktivitas.XLSX,
    )


urlpatterns: list[URLPattern] = [
    path("aktivitas/", kalender, name="aktivitas_kalender"),
    path("aktivitas/tambah/", tambah, name="aktivitas_tambah"),
    path("aktivitas/<int:pk>/ubah/", ubah, name="aktivitas_ubah"),
    path("aktivitas/<int:pk>/hapus/", hapus, name="aktivitas_hapus"),
    path("aktivitas/<int:pk>/bukti/", bukti, name="aktivitas_bukti"),
    path("aktivitas/salin/", salin, name="aktivitas_salin"),
    path("aktivitas/impor/", impor, name="aktivitas_impor"),
    path("aktivitas/impor/templat.xlsx", templat, name="aktivitas_templat"),
    path("aktivitas/periksa/", periksa, name="aktivitas_periksa"),
    path("aktivitas/periksa/terima/", terima, name="aktivitas_terima"),
    path("aktivitas/<int:pk>/kembalikan/", kembalikan, name="aktivitas_kembalikan"),
    path("aktivitas/rekap/", rekap_saya, name="aktivitas_rekap"),
    path("aktivitas/rekap/bawahan/", rekap_bawahan, name="aktivitas_rekap_bawahan"),
    path("aktivitas/rekap/instansi/", rekap_instansi, name="aktivitas_rekap_instansi"),
    path("aktivitas/rekap/instansi/ekspor/", rekap_ekspor, name="aktivitas_rekap_ekspor"),
]
