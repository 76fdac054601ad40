"""The results of stage 3 as the pegawai and the people around them read them: the pegawai's
results of a year, and the result page of one evaluation (people as they were, ratings, predikat,
umpan balik, history, and the keberatan block).

Objects come through selectors_hasil (instansi-scoped; 404 for what the user may not see).
Routes are listed in `urlpatterns` and gathered by urls.py.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.core.params import tahun_param
from kinerja.core.permissions import pegawai_required, role_required
from kinerja.penilaian import selectors_hasil as selectors
from kinerja.penilaian.forms_hasil import KeberatanForm
from kinerja.penilaian.models import Evaluasi, StatusEvaluasi
from kinerja.penilaian.services import jendela_of

# Pages readable by more than pegawai (the Admin Instansi too); the selectors decide, 404 else.
logged_in = role_required(lambda u: True)


def _user(request: HttpRequest) -> Any:
    return request.user


@dataclass(frozen=True)
class BarisHasil:
    ev: Evaluasi
    terbuka: bool  # the keberatan window is open now
    batas: str  # its last moment, formatted ("" before finalisation)


@require_GET
@pegawai_required
def hasil_saya(request: HttpRequest) -> HttpResponse:
    """The pegawai's results of a year, every period; a draft reads "Belum difinalkan"."""
    user, tahun = _user(request), tahun_param(request)
    periods = selectors.hasil_tahun(user, tahun)
    jendela, now = jendela_of(user.instansi_id), timezone.now()
    rows = [
        (
            p.periode,
            [BarisHasil(ev, jendela.terbuka(ev, now), jendela.teks_batas(ev)) for ev in p.evaluasi],
        )
        for p in periods
    ]
    return render(
        request,
        "penilaian/hasil_saya.html",
        {
            "tahun": tahun,
            "rows": rows,
            "hari_keberatan": jendela.hari,
            "tahun_lalu": tahun - 1,
            "tahun_depan": tahun + 1 if tahun < timezone.localdate().year else None,
        },
    )


def _orang(snapshot: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [
        ("Pegawai yang dinilai", snapshot.get("pegawai") or {}),
        ("Pejabat penilai kinerja", snapshot.get("penilai") or {}),
        ("Atasan pejabat penilai kinerja", snapshot.get("atasan_penilai") or {}),
    ]


def render_evaluasi(
    request: HttpRequest,
    ev: Evaluasi,
    *,
    form: KeberatanForm | None = None,
    error: str = "",
) -> HttpResponse:
    """The result page; after a refused keberatan, with the typed reasons and the refusal."""
    user = _user(request)
    is_pegawai = bool(user.pegawai_id) and user.pegawai_id == ev.pegawai_id
    keberatan = selectors.keberatan_atas(ev)
    jendela = jendela_of(ev.instansi_id)
    terbuka = jendela.terbuka(ev, timezone.now()) and not ev.sumber  # imported: appeal there
    boleh_ajukan = is_pegawai and terbuka and keberatan is None
    return render(
        request,
        "penilaian/hasil_evaluasi.html",
        {
            "ev": ev,
            "orang": _orang(ev.snapshot or {}),
            "is_pegawai": is_pegawai,
            "is_draft": ev.status == StatusEvaluasi.DRAFT,
            "keberatan": keberatan,
            "boleh_lihat_keberatan": keberatan is not None
            and selectors.boleh_lihat_keberatan(user, keberatan, ev),
            "keberatan_terbuka": terbuka,
            "batas_keberatan": jendela.teks_batas(ev),
            "form": (form or KeberatanForm()) if boleh_ajukan else None,
            "error": error,
            "riwayat": selectors.riwayat_of(ev, tanpa_draft=is_pegawai),
            "umpan_balik_rhk": selectors.umpan_balik_rhk(ev),
            "umpan_balik_perilaku": selectors.umpan_balik_perilaku(ev),
        },
    )


@require_GET
@logged_in
def evaluasi(request: HttpRequest, pk: int) -> HttpResponse:
    """One result: the pegawai (once final), the penilai, the atasan penilai, the Admin
    Instansi."""
    return render_evaluasi(request, selectors.evaluasi_untuk_user(_user(request), pk))


urlpatterns: list[URLPattern] = [
    path("saya/", hasil_saya, name="hasil_saya"),
    path("evaluasi/<int:pk>/", evaluasi, name="evaluasi"),
]
