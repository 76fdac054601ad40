"""{% tautan_dokumen evaluasi=ev %} / {% tautan_dokumen skp=skp %}: the signed document's
box on the evaluation and SKP pages (download, verification, the pegawai's acknowledgement,
"Terbitkan ulang" when none is current). One query."""

from typing import Any

from django import template

from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import Skp, StatusSkp
from kinerja.tindaklanjut.dokumen import selectors

register = template.Library()


def _boleh_terbitkan(user: Any, subjek: Evaluasi | Skp) -> bool:
    if user.instansi_id != subjek.instansi_id:
        return False
    if user.is_admin_instansi:
        return True
    me = user.pegawai_id
    orang = {subjek.penilai_id}
    if isinstance(subjek, Evaluasi):
        orang.add(subjek.atasan_penilai_id)
    return bool(me) and me != subjek.pegawai_id and me in orang


@register.inclusion_tag("dokumen/_tautan.html", takes_context=True)
def tautan_dokumen(
    context: dict[str, Any], evaluasi: Evaluasi | None = None, skp: Skp | None = None
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    subjek: Evaluasi | Skp | None = evaluasi or skp
    siap = (
        evaluasi.sudah_final
        if evaluasi is not None
        else skp is not None and skp.status == StatusSkp.DISETUJUI
    )
    if subjek is None or user is None or not user.is_authenticated or not siap:
        return {"tampil": False}
    dok = selectors.terakhir_untuk(
        subjek.instansi_id,
        evaluasi_id=evaluasi.pk if evaluasi is not None else None,
        skp_id=skp.pk if skp is not None else None,
    )
    terkini = dok is not None and dok.berlaku
    if evaluasi is not None and dok is not None:
        terkini = terkini and dok.versi_sumber == evaluasi.versi
    return {
        "tampil": True,
        "dok": dok,
        "terkini": terkini,
        "jenis": "Dokumen Evaluasi Kinerja Pegawai" if evaluasi is not None else "Dokumen SKP",
        "pemilik": bool(user.pegawai_id) and user.pegawai_id == subjek.pegawai_id,
        "boleh_terbitkan": _boleh_terbitkan(user, subjek),
        "url_terbitkan": (
            ("dokumen:terbitkan_evaluasi", evaluasi.pk)
            if evaluasi is not None
            else ("dokumen:terbitkan_skp", subjek.pk)
        ),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
    }
