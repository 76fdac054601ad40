"""Views of stage 2: pembinaan. Dialog kinerja (the penilai records a 1:1, the pegawai confirms,
follow-ups are ticked off) and briefing (a leader records it, attendees acknowledge).

Every view finds its object through selectors_pembinaan (instansi-scoped; 404 for what the user
may not see) and writes through services_pembinaan; a refusal is shown as a message and writes
nothing. Routes are listed in `urlpatterns` and gathered by urls.py.
"""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core.pagination import paginate
from kinerja.core.permissions import (
    DomainError,
    admin_instansi_required,
    pegawai_required,
    role_required,
)
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import berkas
from kinerja.pelaksanaan import selectors_pembinaan as selectors
from kinerja.pelaksanaan import services_pembinaan as services
from kinerja.pelaksanaan.forms_pembinaan import (
    BARIS_TINDAK_LANJUT,
    BriefingForm,
    DialogForm,
    errors_of,
    tindak_lanjut_dari,
)
from kinerja.pelaksanaan.models import DialogKinerja, PeriodePenilaian

# Pages readable by more than pegawai (the Admin Instansi too); the selectors decide, 404 else.
logged_in = role_required(lambda u: True)
BATAS_DAFTAR_PESERTA = 200  # checkboxes shown at once; a bigger unit gets "all" and a search


def _user(request: HttpRequest) -> Any:
    return request.user


def _me(request: HttpRequest) -> Pegawai:
    return Pegawai.objects.select_related("jabatan", "unor").get(pk=_user(request).pegawai_id)


def _today() -> dt.date:
    """Today in the user's instansi zone (activated by InstansiTimezoneMiddleware)."""
    return timezone.localdate()


def _periode(request: HttpRequest, today: dt.date) -> PeriodePenilaian:
    """?periode=pk, else for another year (?tahun=YYYY) its first period, else the period
    containing today."""
    user = _user(request)
    pk, tahun = request.GET.get("periode", ""), request.GET.get("tahun", "")
    lain = tahun.isdigit() and int(tahun) != today.year and 2000 <= int(tahun) <= today.year + 1
    if not pk and lain:
        return selectors.pilihan_periode(user.instansi_id, int(tahun))[0]
    return selectors.periode_dipilih(user, pk, today)


def _periode_context(request: HttpRequest, periode: PeriodePenilaian) -> dict[str, Any]:
    return {
        "periode": periode,
        "pilihan_periode": selectors.pilihan_periode(_user(request).instansi_id, periode.tahun),
        "tahun_lalu": periode.tahun - 1,
        "tahun_depan": periode.tahun + 1 if periode.tahun < _today().year else None,
    }


# --- Dialog kinerja --------------------------------------------------------------------------


@require_GET
@pegawai_required
def dialog_saya(request: HttpRequest) -> HttpResponse:
    """The dialogs the user had with their penilai."""
    page = paginate(request, selectors.dialog_pegawai(_user(request)))
    return render(request, "pelaksanaan/dialog_saya.html", {"page": page})


@require_GET
@pegawai_required
def dialog_bawahan(request: HttpRequest) -> HttpResponse:
    """The penilai's bawahan for a period: who has had a dialog (when, confirmed?) and who not."""
    today = _today()
    periode = _periode(request, today)
    status, q = request.GET.get("status", ""), request.GET.get("q", "")
    qs, counts = selectors.bawahan_dialog(_me(request), periode, today, status, q)
    return render(
        request,
        "pelaksanaan/dialog_bawahan.html",
        {
            "page": paginate(request, qs),
            "counts": counts,
            "total": sum(counts.values()),
            "status": status,
            "q": q,
            **_periode_context(request, periode),
        },
    )


def _dialog_input(request: HttpRequest, form: DialogForm) -> dict[str, Any]:
    """The service's keyword arguments from a valid form, or ValidationError."""
    if not form.is_valid():
        raise forms.ValidationError(errors_of(form))
    return {**form.cleaned_data, "tindak_lanjut": tindak_lanjut_dari(request.POST)}


def _render_dialog_form(request: HttpRequest, form: DialogForm, **context: Any) -> HttpResponse:
    """The form; after a refused POST it shows the follow-up rows as typed."""
    if request.method == "POST":
        uraian, tempo = request.POST.getlist("tl_uraian"), request.POST.getlist("tl_jatuh_tempo")
        posted = zip(uraian, tempo, strict=False)
        context["rows"] = list(posted) or [("", "")] * BARIS_TINDAK_LANJUT
    context.setdefault("rows", [("", "")] * BARIS_TINDAK_LANJUT)
    return render(request, "pelaksanaan/dialog_form.html", {"form": form, **context})


@require_http_methods(["GET", "POST"])
@pegawai_required
def dialog_baru(request: HttpRequest) -> HttpResponse:
    """The penilai records a dialog with one of their bawahan."""
    user, today = _user(request), _today()
    me = _me(request)
    bawahan = list(selectors.bawahan_pilihan(me, today))
    chosen = request.POST.get("pegawai") or request.GET.get("pegawai", "")
    context: dict[str, Any] = {"bawahan": bawahan, "chosen": chosen, "baru": True}
    if request.method != "POST":
        form = DialogForm(initial={"tanggal": today})
        return _render_dialog_form(request, form, **context)
    form = DialogForm(request.POST)
    pegawai = (
        Pegawai.objects.filter(instansi_id=user.instansi_id, pk=int(chosen)).first()
        if chosen.isdigit()
        else None
    )
    try:
        if pegawai is None:
            raise DomainError("Pilih pegawai yang diajak berdialog.")
        dialog = services.catat_dialog(user, pegawai, **_dialog_input(request, form))
    except (DomainError, PermissionDenied, forms.ValidationError) as exc:
        context["error"] = _message(exc)
        return _render_dialog_form(request, form, **context)
    messages.success(
        request, f"Dialog kinerja dengan {pegawai.nama_lengkap} dicatat; menunggu konfirmasinya."
    )
    return redirect("pelaksanaan:dialog_detail", dialog.pk)


def _message(exc: Exception) -> str:
    if isinstance(exc, forms.ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _dialog_of_penilai(request: HttpRequest, pk: int) -> DialogKinerja:
    """The dialog, for the penilai who recorded it; 404 for anyone else."""
    dialog = selectors.dialog_for_user(_user(request), pk)
    if dialog.penilai_id != _user(request).pegawai_id:
        raise Http404
    return dialog


@require_http_methods(["GET", "POST"])
@pegawai_required
def dialog_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    """The penilai corrects a dialog the pegawai has not confirmed yet."""
    dialog = _dialog_of_penilai(request, pk)
    items = selectors.tindak_lanjut_of(dialog)
    dibawa = [t for t in items if t.dibawa_dari_id]
    context: dict[str, Any] = {"dialog": dialog, "dibawa": dibawa}
    if request.method != "POST":
        if dialog.dikonfirmasi_pegawai_at is not None:
            messages.error(request, "Dialog sudah dikonfirmasi kedua pihak; isinya dibekukan.")
            return redirect("pelaksanaan:dialog_detail", dialog.pk)
        own = [(t.uraian, t.jatuh_tempo.isoformat()) for t in items if not t.dibawa_dari_id]
        context["rows"] = own + [("", "")] * BARIS_TINDAK_LANJUT
        fields = ["tanggal", "agenda", *services.ASPEK]
        form = DialogForm(initial={f: getattr(dialog, f) for f in fields})
        return _render_dialog_form(request, form, **context)
    form = DialogForm(request.POST)
    try:
        services.ubah_dialog(_user(request), dialog, **_dialog_input(request, form))
    except (DomainError, PermissionDenied, forms.ValidationError) as exc:
        context["error"] = _message(exc)
        return _render_dialog_form(request, form, **context)
    messages.success(request, "Catatan dialog diperbarui; pegawai diminta mengonfirmasinya.")
    return redirect("pelaksanaan:dialog_detail", dialog.pk)


@require_GET
@logged_in
def dialog_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dialog = selectors.dialog_for_user(user, pk)
    items = selectors.tindak_lanjut_of(dialog)
    pihak = user.pegawai_id in (dialog.penilai_id, dialog.pegawai_id)
    return render(
        request,
        "pelaksanaan/dialog_detail.html",
        {
            "dialog": dialog,
            "items": items,
            "is_penilai": user.pegawai_id == dialog.penilai_id,
            "is_pegawai": user.pegawai_id == dialog.pegawai_id,
            "boleh_tandai": pihak,
            "beku": dialog.dikonfirmasi_pegawai_at is not None,
            "boleh_ubah": user.pegawai_id == dialog.penilai_id
            and dialog.dikonfirmasi_pegawai_at is None
            and not any(t.dibawa and not t.dibawa_dari_id for t in items),
        },
    )


@require_POST
@pegawai_required
def dialog_konfirmasi(request: HttpRequest, pk: int) -> HttpResponse:
    dialog = selectors.dialog_for_user(_user(request), pk)
    try:
        services.konfirmasi_dialog(_user(request), dialog)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Dialog dikonfirmasi. Catatannya kini dibekukan.")
    return redirect("pelaksanaan:dialog_detail", dialog.pk)


@require_POST
@pegawai_required
def tindak_lanjut_tandai(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a follow-up done (selesai=1) or not done (selesai=0). htmx gets the row back."""
    user = _user(request)
    item = selectors.tindak_lanjut_for_user(user, pk)
    error = ""
    try:
        item = services.tandai_tindak_lanjut(user, item, request.POST.get("selesai") == "1")
    except (DomainError, PermissionDenied) as exc:
        error = str(exc)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "pelaksanaan/dialog_tindak_lanjut.html",
            {"t": item, "boleh_tandai": True, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect("pelaksanaan:dialog_detail", item.dialog_id)


@require_GET
@admin_instansi_required
def dialog_instansi(request: HttpRequest) -> HttpResponse:
    """The Admin Instansi's list of the period's dialogs, filtered by unit."""
    user, today = _user(request), _today()
    periode = _periode(request, today)
    unit = selectors.unit_filter(user, request.GET.get("unor", ""))
    page = paginate(request, selectors.dialog_instansi(user.instansi_id, periode, unit))
    return render(
        request,
        "pelaksanaan/dialog_instansi.html",
        {
            "page": page,
            "unit": unit,
            "units": selectors.pilihan_unit(user.instansi_id),
            **_periode_context(request, periode),
        },
    )


# --- Briefing --------------------------------------------------------------------------------


@require_GET
@pegawai_required
def briefing_saya(request: HttpRequest) -> HttpResponse:
    """The briefings the user led, and the units they may brief."""
    user = _user(request)
    page = paginate(request, selectors.briefing_dipimpin(user))
    units = selectors.unit_dipimpin(_me(request), _today())
    return render(request, "pelaksanaan/briefing_saya.html", {"page": page, "units": units})


@require_GET
@pegawai_required
def briefing_diikuti(request: HttpRequest) -> HttpResponse:
    """The briefings the user attended, with a button to acknowledge each."""
    page = paginate(request, selectors.briefing_diikuti(_user(request)))
    return render(request, "pelaksanaan/briefing_diikuti.html", {"page": page})


def _unit_dipilih(request: HttpRequest, units: list[UnitOrganisasi]) -> UnitOrganisasi | None:
    """The unit of the page among those the user leads today: ?unor= (or the posted one),
    the first by default."""
    value = request.POST.get("unor") or request.GET.get("unor", "")
    return next((u for u in units if str(u.pk) == value), units[0] if units else None)


@require_http_methods(["GET", "POST"])
@pegawai_required
def briefing_baru(request: HttpRequest) -> HttpResponse:
    """The leader records a briefing. The page offers the units they lead today; the service
    decides on the briefing's own date (a PLH may record one they held last week)."""
    today, me = _today(), _me(request)
    units = selectors.unit_dipimpin(me, today)
    context: dict[str, Any] = {"units": units, "unit": _unit_dipilih(request, units)}
    if request.method == "POST":
        form = BriefingForm(request.POST)
        posted = request.POST.get("unor", "")
        unit = (
            UnitOrganisasi.objects.filter(instansi_id=me.instansi_id, pk=int(posted)).first()
            if posted.isdigit()
            else None
        )
        try:
            if unit is None:
                raise DomainError("Pilih unit yang Anda pimpin.")
            briefing = _catat_briefing(request, form, unit)
        except (DomainError, PermissionDenied, forms.ValidationError) as exc:
            context["error"] = _message(exc)
        else:
            messages.success(request, "Briefing dicatat; peserta diminta mengonfirmasinya.")
            return redirect("pelaksanaan:briefing_detail", briefing.pk)
    else:
        form = BriefingForm(initial={"tanggal": today})
    if context["unit"] is not None:
        context.update(_peserta_context(request, context["unit"], me.pk, today))
    return render(request, "pelaksanaan/briefing_form.html", {"form": form, **context})


def _catat_briefing(request: HttpRequest, form: BriefingForm, unit: UnitOrganisasi) -> Any:
    if not form.is_valid():
        raise forms.ValidationError(errors_of(form))
    data = form.cleaned_data
    if request.POST.get("semua"):
        tanggal = data["tanggal"]
        ids: list[int] = sorted(
            selectors.calon_peserta_ids(unit, _user(request).pegawai_id, tanggal)
        )
    else:
        ids = [int(v) for v in request.POST.getlist("peserta") if v.isdigit()]
    return services.catat_briefing(
        _user(request),
        unit,
        tanggal=data["tanggal"],
        topik=data["topik"],
        arahan=data["arahan"],
        peserta_ids=ids,
        lampiran=request.FILES.getlist("lampiran"),
        tautan=data["tautan"].splitlines(),
    )


def _peserta_context(
    request: HttpRequest, unit: UnitOrganisasi, pemimpin_id: int, today: dt.date
) -> dict[str, Any]:
    """The attendee checkboxes: all of the unit's candidates checked by default; for a big unit
    an "all" box and a search that narrows the list."""
    q = request.GET.get("q", "").strip()
    calon = selectors.calon_peserta(unit, pemimpin_id, today)
    jumlah = calon.count()
    besar = jumlah > BATAS_DAFTAR_PESERTA
    if q:
        calon = calon.filter(nip__startswith=q) if q.isdigit() else calon.filter(nama__icontains=q)
    posted = request.method == "POST"
    dipilih = set(request.POST.getlist("peserta")) if posted else None
    return {
        "calon": list(calon[:BATAS_DAFTAR_PESERTA]),
        "jumlah_calon": jumlah,
        "besar": besar,
        "q": q,
        "dipilih": dipilih,
        "semua": bool(request.POST.get("semua")) if posted else besar,
    }


@require_GET
@logged_in
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    briefing = selectors.briefing_for_user(user, pk)
    peserta = selectors.peserta_of(briefing)
    mine = next((p for p in peserta if p.pegawai_id == user.pegawai_id), None)
    return render(
        request,
        "pelaksanaan/briefing_detail.html",
        {
            "briefing": briefing,
            "peserta": peserta,
            "dikonfirmasi": sum(1 for p in peserta if p.dikonfirmasi_at),
            "lampiran": selectors.lampiran_of(briefing),
            "is_pemimpin": user.pegawai_id == briefing.pemimpin_id,
            "mine": mine,
        },
    )


@require_POST
@pegawai_required
def briefing_konfirmasi(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_for_user(_user(request), pk)
    try:
        services.konfirmasi_briefing(_user(request), briefing)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Briefing \u201c{briefing.topik}\u201d dikonfirmasi.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("pelaksanaan:briefing_detail", briefing.pk)


@require_GET
@logged_in
def briefing_lampiran(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download an attachment: the leader, the attendees, the Admin Instansi; 404 for others."""
    return berkas.unduh(selectors.lampiran_for_user(_user(request), pk))


@require_GET
@admin_instansi_required
def briefing_instansi(request: HttpRequest) -> HttpResponse:
    """The Admin Instansi's list of briefings per unit (the unit and those below it)."""
    user = _user(request)
    unit = selectors.unit_filter(user, request.GET.get("unor", ""))
    page = paginate(request, selectors.briefing_instansi(user.instansi_id, unit))
    return render(
        request,
        "pelaksanaan/briefing_instansi.html",
        {"page": page, "unit": unit, "units": selectors.pilihan_unit(user.instansi_id)},
    )


urlpatterns: list[URLPattern] = [
    path("dialog/", dialog_saya, name="dialog_saya"),
    path("dialog/bawahan/", dialog_bawahan, name="dialog_bawahan"),
    path("dialog/baru/", dialog_baru, name="dialog_baru"),
    path("dialog/instansi/", dialog_instansi, name="dialog_instansi"),
    path("dialog/<int:pk>/", dialog_detail, name="dialog_detail"),
    path("dialog/<int:pk>/ubah/", dialog_ubah, name="dialog_ubah"),
    path("dialog/<int:pk>/konfirmasi/", dialog_konfirmasi, name="dialog_konfirmasi"),
    path(
        "dialog/tindak-lanjut/<int:pk>/tandai/", tindak_lanjut_tandai, name="tindak_lanjut_tandai"
    ),
    path("briefing/", briefing_saya, name="briefing_saya"),
    path("briefing/diikuti/", briefing_diikuti, name="briefing_diikuti"),
    path("briefing/baru/", briefing_baru, name="briefing_baru"),
    path("briefing/instansi/", briefing_instansi, name="briefing_instansi"),
    path("briefing/<int:pk>/", briefing_detail, name="briefing_detail"),
    path("briefing/<int:pk>/konfirmasi/", briefing_konfirmasi, name="briefing_konfirmasi"),
    path("briefing/lampiran/<int:pk>/", briefing_lampiran, name="briefing_lampiran"),
]
