"""The SKP page: the pegawai drafts and submits, the penilai reviews, on one page.

Row endpoints (RHK, IKI, intervensi, lampiran, ekspektasi) answer an htmx request with the
updated section and a plain POST with a redirect back to the page, so the page works without
JavaScript. Every endpoint finds its object through the instansi-scoped selectors (404 for what
the user may not see) and writes through a service; refusals become messages.
"""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.core.permissions import DomainError
from kinerja.perencanaan import rules, selectors, services
from kinerja.perencanaan.forms import (
    CatatanForm,
    EkspektasiForm,
    IkiForm,
    IntervensiForm,
    LampiranForm,
    RhkForm,
    SalinForm,
    errors_of,
)
from kinerja.perencanaan.models import (
    AspekIki,
    JenisCascading,
    JenisLampiran,
    JenisRhk,
    Klasifikasi,
    Perspektif,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
)


def _user(request: HttpRequest) -> Any:
    return request.user


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _today(user: Any) -> dt.date:
    """Today in the user's instansi zone (the middleware activates it too; reading it from
    the instansi keeps this right outside a request)."""
    if user.instansi_id and user.instansi:
        return timezone.localdate(timezone=ZoneInfo(user.instansi.zona_waktu))
    return timezone.localdate()


# --- My SKPs ---------------------------------------------------------------------------------


@login_required
def skp_saya(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context: dict[str, Any] = {"pegawai": bool(user.pegawai_id)}
    if user.pegawai_id:
        tahun = _today(user).year
        skps = list(selectors.own_skps(user))
        years = sorted({s.tahun for s in skps}, reverse=True)
        prev = [s for s in skps if s.tahun == tahun - 1 and s.terkini]
        context.update(
            tahun=tahun,
            per_tahun=[(y, [s for s in skps if s.tahun == y]) for y in years],
            boleh_buat=not any(s.tahun == tahun for s in skps),
            sumber_salin=prev[0] if prev else None,
        )
    return render(request, "perencanaan/skp_saya.html", context)


@require_POST
@login_required
def skp_buat(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = _today(user)
    try:
        skp = services.buat_skp(user, today.year, today=today)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("perencanaan:skp_saya")
    messages.success(request, f"SKP {skp.tahun} dibuat sebagai draft.")
    return redirect("perencanaan:skp_detail", pk=skp.pk)


@require_POST
@login_required
def skp_salin(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SalinForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih SKP yang akan disalin.")
        return redirect("perencanaan:skp_saya")
    sumber = selectors.skp_for_user(user, form.cleaned_data["sumber"])
    try:
        skp = services.salin_skp(user, sumber, _today(user).year)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("perencanaan:skp_saya")
    messages.success(
        request,
        f"SKP {skp.tahun} dibuat dari SKP {sumber.tahun}. Hubungkan kembali setiap RHK dengan "
        "RHK pimpinan tahun ini.",
    )
    return redirect("perencanaan:skp_detail", pk=skp.pk)


# --- The SKP page ----------------------------------------------------------------------------


@login_required
def skp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    skp = selectors.skp_for_user(user, pk)
    if rules.is_pemilik(user, skp) and skp.status == StatusSkp.DRAFT:
        services.segarkan_header(skp)  # a draft follows the current positions
    return render(request, "perencanaan/skp_detail.html", _context(user, skp))


@login_required
def skp_cetak(request: HttpRequest, pk: int) -> HttpResponse:
    skp = selectors.skp_for_user(_user(request), pk)
    tanggal = timezone.localdate(skp.disetujui_at) if skp.disetujui_at else None
    context = {
        "skp": skp,
        **_content(skp),
        "tempat": _tempat(skp.snapshot.get("instansi", "")),
        "tanggal": tanggal,
    }
    return render(request, "perencanaan/skp_cetak.html", context)


def _tempat(instansi: str) -> str:
    """The place printed above the signatures: the city or regency of a local government."""
    match = re.match(r"Pemerintah (?:Kota|Kabupaten|Provinsi) (.+)", instansi)
    return match.group(1) if match else ""


def _content(skp: Skp) -> dict[str, Any]:
    """The SKP's rows, grouped the way both the page and the printout show them."""
    content = selectors.skp_content(skp)
    content["hasil_groups"] = [
        (JenisRhk.UTAMA.label, content["rhk_utama"]),
        (JenisRhk.TAMBAHAN.label, content["rhk_tambahan"]),
    ]
    content["lampiran_groups"] = [
        (jenis, [r for r in content["lampiran"] if r.jenis == jenis])
        for jenis in JenisLampiran.values
    ]
    return content


def _context(user: Any, skp: Skp) -> dict[str, Any]:
    """Everything the page and its sections show; a fixed number of queries."""
    content = _content(skp)
    decider = rules.may_decide(user, skp)
    may_edit = rules.is_pemilik(user, skp) and skp.editable
    context: dict[str, Any] = {
        "skp": skp,
        **content,
        "pemilik": rules.is_pemilik(user, skp),
        "may_edit": may_edit,
        "may_decide": decider and skp.status == StatusSkp.DIAJUKAN,
        "may_ekspektasi": decider and skp.status != StatusSkp.DISETUJUI,
        "revisions": selectors.revisions_of(skp),
        "nama_penilai": skp.snapshot.get("penilai", {}).get("nama", ""),
        "pilihan": {
            "jenis_rhk": JenisRhk.values,
            "aspek": AspekIki.values,
            "cascading": JenisCascading.choices,
            "lampiran": JenisLampiran.values,
            "klasifikasi": Klasifikasi.values,
            "perspektif": Perspektif.values,
        },
    }
    if may_edit:
        context["masalah"] = services.masalah_pengajuan(skp)
        if not skp.is_jpt:
            context["rhk_atasan"] = _by_owner(list(selectors.rhk_atasan_choices(skp)))
            context["tanpa_rhk_atasan"] = _why_no_choices(skp)
    return context


def _by_owner(choices: list[RencanaHasilKerja]) -> list[tuple[str, list[RencanaHasilKerja]]]:
    """The picker's option groups: one per leader (penilai, team leaders), in query order."""
    groups: dict[str, list[RencanaHasilKerja]] = {}
    for rhk in choices:
        owner = rhk.skp.snapshot.get("pegawai", {}).get("nama", "")
        groups.setdefault(owner, []).append(rhk)
    return list(groups.items())


def _why_no_choices(skp: Skp) -> str:
    """What the pegawai reads instead of an empty picker: exactly who they wait for."""
    nama = skp.snapshot.get("penilai", {}).get("nama", "")
    if skp.penilai_id is None or not nama:
        return (
            "Pejabat penilai Anda belum tercatat, sehingga belum ada RHK pimpinan yang dapat "
            "diintervensi. Hubungi Admin Instansi untuk menetapkan atasan Anda."
        )
    return (
        f"Pejabat penilai Anda, {nama}, belum memiliki RHK yang disetujui untuk tahun "
        f"{skp.tahun}. RHK Anda dapat dihubungkan setelah SKP {nama} disetujui."
    )


# --- Row endpoints ---------------------------------------------------------------------------


SECTIONS = {
    "hasil": "perencanaan/_skp_hasil.html",
    "lampiran": "perencanaan/_skp_lampiran.html",
    "perilaku": "perencanaan/_skp_perilaku.html",
}


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc) or "Anda tidak berhak melakukannya.")
    else:
        messages.success(request, success)


def _with_form(
    request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], Any], success: str
) -> None:
    if form.is_valid():
        _act(request, lambda: action(form.cleaned_data), success)
    else:
        messages.error(request, errors_of(form))


def _section(request: HttpRequest, skp: Skp, section: str) -> HttpResponse:
    """htmx: the updated section (with its messages); otherwise back to the page."""
    if _htmx(request):
        context = {**_context(_user(request), skp), "htmx": True}
        return render(request, SECTIONS[section], context)
    return redirect(reverse("perencanaan:skp_detail", args=[skp.pk]) + f"#{section}")


def _rhk_fields(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("rhk", "jenis", "klasifikasi", "perspektif", "penugasan_dari")
    return {key: data[key] for key in keys}


@require_POST
@login_required
def rhk_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    skp = selectors.skp_for_user(user, pk)
    _with_form(
        request,
        RhkForm(request.POST),
        lambda d: services.simpan_rhk(user, skp, **_rhk_fields(d)),
        "RHK ditambahkan.",
    )
    return _section(request, skp, "hasil")


@require_POST
@login_required
def rhk_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rhk = selectors.rhk_for_user(user, pk)
    _with_form(
        request,
        RhkForm(request.POST),
        lambda d: services.simpan_rhk(user, rhk.skp, obj=rhk, **_rhk_fields(d)),
        "RHK diperbarui.",
    )
    return _section(request, rhk.skp, "hasil")


@require_POST
@login_required
def rhk_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rhk = selectors.rhk_for_user(user, pk)
    _act(request, lambda: services.hapus_rhk(user, rhk), "RHK dihapus.")
    return _section(request, rhk.skp, "hasil")


def _iki_fields(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("indikator", "aspek", "target_min", "target_max", "satuan")
    return {key: data[key] for key in keys}


@require_POST
@login_required
def iki_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rhk = selectors.rhk_for_user(user, pk)
    _with_form(
        request,
        IkiForm(request.POST),
        lambda d: services.simpan_iki(user, rhk, **_iki_fields(d)),
        "Indikator ditambahkan.",
    )
    return _section(request, rhk.skp, "hasil")


@require_POST
@login_required
def iki_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    iki = selectors.iki_for_user(user, pk)
    _with_form(
        request,
        IkiForm(request.POST),
        lambda d: services.simpan_iki(user, iki.rhk, obj=iki, **_iki_fields(d)),
        "Indikator diperbarui.",
    )
    return _section(request, iki.rhk.skp, "hasil")


@require_POST
@login_required
def iki_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    iki = selectors.iki_for_user(user, pk)
    _act(request, lambda: services.hapus_iki(user, iki), "Indikator dihapus.")
    return _section(request, iki.rhk.skp, "hasil")


@require_POST
@login_required
def intervensi_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rhk = selectors.rhk_for_user(user, pk)

    def link(data: dict[str, Any]) -> Any:
        # Looked up in the SKP's own instansi only: a foreign pk reads like a non-approved one.
        atasan = RencanaHasilKerja.objects.filter(
            instansi_id=rhk.instansi_id, pk=data["rhk_atasan"]
        ).first()
        if atasan is None:
            raise DomainError(
                "RHK yang dipilih bukan RHK yang sudah disetujui dari SKP penilai Anda atau "
                "ketua tim kerja Anda."
            )
        return services.intervensi_rhk(user, rhk, atasan, data["jenis_cascading"])

    _with_form(request, IntervensiForm(request.POST), link, "RHK pimpinan dihubungkan.")
    return _section(request, rhk.skp, "hasil")


@require_POST
@login_required
def intervensi_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    link = selectors.intervensi_for_user(user, pk)
    _act(request, lambda: services.hapus_intervensi(user, link), "Intervensi dilepas.")
    return _section(request, link.rhk.skp, "hasil")


@require_POST
@login_required
def lampiran_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    skp = selectors.skp_for_user(user, pk)
    _with_form(
        request,
        LampiranForm(request.POST),
        lambda d: services.simpan_lampiran(user, skp, d["jenis"], d["teks"]),
        "Lampiran ditambahkan.",
    )
    return _section(request, skp, "lampiran")


@require_POST
@login_required
def lampiran_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.lampiran_for_user(user, pk)
    _act(request, lambda: services.hapus_lampiran(user, row), "Lampiran dihapus.")
    return _section(request, row.skp, "lampiran")


@require_POST
@login_required
def perilaku_ekspektasi(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    perilaku = selectors.perilaku_for_user(user, pk)
    _with_form(
        request,
        EkspektasiForm(request.POST),
        lambda d: services.isi_ekspektasi(user, perilaku, d["ekspektasi_khusus"]),
        f"Ekspektasi khusus {perilaku.nilai.nama} disimpan.",
    )
    return _section(request, perilaku.skp, "perilaku")


# --- Workflow --------------------------------------------------------------------------------


def _transition(
    request: HttpRequest, pk: int, action: Callable[[Any, Skp], Skp], success: str
) -> HttpResponse:
    user = _user(request)
    skp = selectors.skp_for_user(user, pk)
    try:
        result = action(user, skp)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc) or "Anda tidak berhak melakukannya.")
        return redirect("perencanaan:skp_detail", pk=skp.pk)
    messages.success(request, success)
    return redirect("perencanaan:skp_detail", pk=result.pk)


@require_POST
@login_required
def skp_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, services.ajukan_skp, "SKP diajukan kepada pejabat penilai untuk disetujui."
    )


@require_POST
@login_required
def skp_setujui(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.setujui_skp, "SKP disetujui.")


@require_POST
@login_required
def skp_kembalikan(request: HttpRequest, pk: int) -> HttpResponse:
    form = CatatanForm(request.POST)
    catatan = form.cleaned_data["catatan"] if form.is_valid() else ""
    return _transition(
        request,
        pk,
        lambda user, skp: services.kembalikan_skp(user, skp, catatan),
        "SKP dikembalikan kepada pegawai dengan catatan.",
    )


@require_POST
@login_required
def skp_revisi(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        services.buat_revisi,
        "Revisi dibuat sebagai draft. SKP yang disetujui tetap berlaku sampai revisi disetujui.",
    )


urlpatterns: list[URLPattern] = [
    path("", skp_saya, name="skp_saya"),
    path("buat/", skp_buat, name="skp_buat"),
    path("salin/", skp_salin, name="skp_salin"),
    path("<int:pk>/", skp_detail, name="skp_detail"),
    path("<int:pk>/cetak/", skp_cetak, name="skp_cetak"),
    path("<int:pk>/ajukan/", skp_ajukan, name="skp_ajukan"),
    path("<int:pk>/setujui/", skp_setujui, name="skp_setujui"),
    path("<int:pk>/kembalikan/", skp_kembalikan, name="skp_kembalikan"),
    path("<int:pk>/revisi/", skp_revisi, name="skp_revisi"),
    path("<int:pk>/rhk/", rhk_tambah, name="rhk_tambah"),
    path("<int:pk>/lampiran/", lampiran_tambah, name="lampiran_tambah"),
    path("rhk/<int:pk>/ubah/", rhk_ubah, name="rhk_ubah"),
    path("rhk/<int:pk>/hapus/", rhk_hapus, name="rhk_hapus"),
    path("rhk/<int:pk>/iki/", iki_tambah, name="iki_tambah"),
    path("rhk/<int:pk>/intervensi/", intervensi_tambah, name="intervensi_tambah"),
    path("iki/<int:pk>/ubah/", iki_ubah, name="iki_ubah"),
    path("iki/<int:pk>/hapus/", iki_hapus, name="iki_hapus"),
    path("intervensi/<int:pk>/hapus/", intervensi_hapus, name="intervensi_hapus"),
    path("lampiran/<int:pk>/hapus/", lampiran_hapus, name="lampiran_hapus"),
    path("perilaku/<int:pk>/ekspektasi/", perilaku_ekspektasi, name="perilaku_ekspektasi"),
]
