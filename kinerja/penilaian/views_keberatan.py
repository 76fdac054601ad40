"""Keberatan (PP 30/2019 Pasal 59) through the browser: the pegawai files one from the result
page, the atasan penilai (the Admin Instansi when there is none) asks the penilai and the pegawai
for explanations, they answer, and the decider decides Tetap or Diubah.

Every write goes through services.py; a refusal (DomainError for the rules, PermissionDenied for
the wrong person) is shown on the page it came from, with what was typed, and stores nothing.
Plain POST + redirect, so the pages work without JavaScript.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, role_required
from kinerja.penilaian import selectors_hasil as selectors
from kinerja.penilaian import services
from kinerja.penilaian.aturan import MATRIKS, Rating
from kinerja.penilaian.forms_hasil import (
    JawabPenjelasanForm,
    KeberatanForm,
    MintaPenjelasanForm,
    PutuskanForm,
    errors_of,
)
from kinerja.penilaian.models import (
    Keberatan,
    PenjelasanKeberatan,
    PihakPenjelasan,
    StatusKeberatan,
)
from kinerja.penilaian.views_hasil import logged_in, render_evaluasi

# The list is for pegawai (their own, those they rate or decide) and the Admin Instansi.
pegawai_atau_admin = role_required(
    lambda u: bool(u.pegawai_id) or bool(u.is_admin_instansi and u.instansi_id)
)


def _user(request: HttpRequest) -> Any:
    return request.user


def _valid(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise DomainError(errors_of(form))
    return form.cleaned_data


# --- Filing (from the result page) -----------------------------------------------------------


@require_POST
@logged_in
def keberatan_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    ev = selectors.evaluasi_untuk_user(user, pk)
    form = KeberatanForm(request.POST)
    try:
        k = services.ajukan_keberatan(user, ev, _valid(form)["alasan"])
    except (DomainError, PermissionDenied) as exc:
        return render_evaluasi(request, ev, form=form, error=str(exc))
    except IntegrityError:  # a second submission raced the first past the status check
        ev.refresh_from_db()
        error = "Keberatan atas penilaian ini sudah pernah diajukan."
        return render_evaluasi(request, ev, form=form, error=error)
    messages.success(
        request,
        "Keberatan diajukan kepada atasan pejabat penilai kinerja. Anda akan diberi tahu "
        "bila ada permintaan penjelasan dan setelah keberatan diputuskan.",
    )
    return redirect("penilaian:keberatan", k.pk)


# --- The list --------------------------------------------------------------------------------


def _peran(user: Any, k: Keberatan) -> str:
    if selectors.pemutus(user, k):
        return "Memutuskan"
    if user.pegawai_id and user.pegawai_id == k.pegawai_id:
        return "Pengaju"
    if user.pegawai_id and user.pegawai_id == k.evaluasi.penilai_id:
        return "Pejabat penilai"
    return "Admin Instansi"


@require_GET
@pegawai_atau_admin
def keberatan_daftar(request: HttpRequest) -> HttpResponse:
    """Keberatan to decide, filed, or on one's ratings; the whole instansi for its admin."""
    user = _user(request)
    status = request.GET.get("status", "")
    if status not in (selectors.FILTER_TERBUKA, *StatusKeberatan.values):
        status = ""
    page = paginate(request, selectors.daftar_keberatan(user, status))
    for k in page.object_list:
        k.peran = _peran(user, k)
    counts = selectors.jumlah_per_status(user)
    return render(
        request,
        "penilaian/keberatan_daftar.html",
        {
            "page": page,
            "status": status,
            "counts": counts,
            "total": sum(counts.values()),
            "terbuka": sum(counts[s] for s in selectors.TERBUKA),
            "FILTER_TERBUKA": selectors.FILTER_TERBUKA,
        },
    )


# --- One keberatan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisPenjelasan:
    row: PenjelasanKeberatan
    form: forms.Form | None  # the answer form, for the one asked while undecided


def _matriks() -> dict[str, str]:
    """The predikat matrix for the live preview: "hasil|perilaku" -> predikat."""
    return {f"{h}|{p}": str(predikat) for (h, p), predikat in MATRIKS.items()}


def _tabel_matriks() -> list[tuple[str, list[str]]]:
    """The matrix as the decider reads it without JavaScript (rows: Rating Hasil Kerja)."""
    kolom = [Rating.DI_BAWAH, Rating.SESUAI, Rating.DI_ATAS]
    return [(str(h), [str(MATRIKS[h, p]) for p in kolom]) for h in kolom[::-1]]


def render_keberatan(
    request: HttpRequest,
    k: Keberatan,
    *,
    bound: forms.Form | None = None,
    bound_pk: int | None = None,
    error: str = "",
) -> HttpResponse:
    """The keberatan page; after a refusal, the form that was posted (`bound`, for an answer
    the explanation's pk) keeps what was typed next to the message."""
    user, ev = _user(request), k.evaluasi
    penjelasan = selectors.penjelasan_of(k)
    is_pemutus = selectors.pemutus(user, k) and not k.selesai
    asked = {row.pihak: row.pertanyaan for row in penjelasan}
    minta = MintaPenjelasanForm(
        initial={
            "pertanyaan_penilai": asked.get(PihakPenjelasan.PENILAI, ""),
            "pertanyaan_pegawai": asked.get(PihakPenjelasan.PEGAWAI, ""),
        }
    )
    putuskan = PutuskanForm(
        initial={"rating_hasil_kerja": ev.rating_hasil_kerja, "rating_perilaku": ev.rating_perilaku}
    )
    if isinstance(bound, MintaPenjelasanForm):
        minta = bound
    elif isinstance(bound, PutuskanForm):
        putuskan = bound
    rows = []
    for row in penjelasan:
        form: forms.Form | None = None
        if bool(user.pegawai_id) and row.penjawab_id == user.pegawai_id and not k.selesai:
            mine_posted = bound_pk == row.pk and isinstance(bound, JawabPenjelasanForm)
            form = bound if mine_posted else JawabPenjelasanForm(initial={"jawaban": row.jawaban})
        rows.append(BarisPenjelasan(row, form))
    return render(
        request,
        "penilaian/keberatan_detail.html",
        {
            "k": k,
            "ev": ev,
            "pegawai": (ev.snapshot or {}).get("pegawai") or {},
            "penjelasan": rows,
            "is_pemutus": is_pemutus,
            "boleh_putuskan": is_pemutus and k.status == StatusKeberatan.DIPERIKSA,
            "belum_dijawab": sum(1 for row in penjelasan if row.penjawab_id and not row.jawaban),
            "form_minta": minta if is_pemutus else None,
            "form_putuskan": putuskan if is_pemutus else None,
            "matriks": _matriks(),
            "tabel_matriks": _tabel_matriks(),
            "error": error,
            "boleh_lihat_evaluasi": selectors.boleh_lihat_evaluasi(user, ev),
        },
    )


@require_GET
@logged_in
def keberatan(request: HttpRequest, pk: int) -> HttpResponse:
    return render_keberatan(request, selectors.keberatan_untuk_user(_user(request), pk))


@require_POST
@logged_in
def keberatan_minta(request: HttpRequest, pk: int) -> HttpResponse:
    """The decider asks the penilai and the pegawai for explanations."""
    user = _user(request)
    k = selectors.keberatan_untuk_user(user, pk)
    form = MintaPenjelasanForm(request.POST)
    try:
        data = _valid(form)
        services.minta_penjelasan(
            user,
            k,
            pertanyaan_penilai=data["pertanyaan_penilai"],
            pertanyaan_pegawai=data["pertanyaan_pegawai"],
        )
    except (DomainError, PermissionDenied) as exc:
        return render_keberatan(request, _fresh(user, k), bound=form, error=str(exc))
    messages.success(
        request, "Permintaan penjelasan dikirim kepada pejabat penilai kinerja dan pegawai."
    )
    return redirect("penilaian:keberatan", k.pk)


@require_POST
@logged_in
def keberatan_jawab(request: HttpRequest, pk: int) -> HttpResponse:
    """The penilai or the pegawai answers the question put to them (pk: the explanation)."""
    user = _user(request)
    row = selectors.penjelasan_untuk_user(user, pk)
    form = JawabPenjelasanForm(request.POST)
    try:
        services.jawab_penjelasan(user, row, _valid(form)["jawaban"])
    except (DomainError, PermissionDenied) as exc:
        k = _fresh(user, row.keberatan)
        return render_keberatan(request, k, bound=form, bound_pk=row.pk, error=str(exc))
    messages.success(request, "Penjelasan Anda disimpan dan diteruskan kepada pemeriksa keberatan.")
    return redirect("penilaian:keberatan", row.keberatan_id)


@require_POST
@logged_in
def keberatan_putuskan(request: HttpRequest, pk: int) -> HttpResponse:
    """The decider decides: Tetap, or Diubah with new ratings (the predikat follows)."""
    user = _user(request)
    k = selectors.keberatan_untuk_user(user, pk)
    form = PutuskanForm(request.POST)
    try:
        data = _valid(form)
        diubah = data["keputusan"] == StatusKeberatan.DIUBAH
        k = services.putuskan_keberatan(
            user,
            k,
            data["keputusan"],
            data["alasan"],
            rating_hasil_kerja=data["rating_hasil_kerja"] if diubah else None,
            rating_perilaku=data["rating_perilaku"] if diubah else None,
        )
    except (DomainError, PermissionDenied) as exc:
        return render_keberatan(request, _fresh(user, k), bound=form, error=str(exc))
    if k.status == StatusKeberatan.DIUBAH:
        hasil = f"Predikat Kinerja Pegawai diubah dari {k.predikat_lama} menjadi {k.predikat_baru}."
    else:
        hasil = f"Hasil penilaian tetap: {k.predikat_lama}."
    messages.success(request, f"Keberatan diputuskan. {hasil} Keputusan ini final.")
    return redirect("penilaian:keberatan", k.pk)


def _fresh(user: Any, k: Keberatan) -> Keberatan:
    """The keberatan as stored (a refused service may have touched the object in memory)."""
    return selectors.keberatan_untuk_user(user, k.pk)


urlpatterns: list[URLPattern] = [
    path("evaluasi/<int:pk>/keberatan/", keberatan_ajukan, name="keberatan_ajukan"),
    path("keberatan/", keberatan_daftar, name="keberatan_daftar"),
    path("keberatan/<int:pk>/", keberatan, name="keberatan"),
    path("keberatan/<int:pk>/penjelasan/", keberatan_minta, name="keberatan_minta"),
    path("keberatan/<int:pk>/putusan/", keberatan_putuskan, name="keberatan_putuskan"),
    path("keberatan/penjelasan/<int:pk>/jawab/", keberatan_jawab, name="keberatan_jawab"),
]
