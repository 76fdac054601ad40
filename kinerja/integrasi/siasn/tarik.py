"""Pull master data from SIASN into the DOCUMENTED org import format (docs/import.md), then
the existing two-step import: `org.imports.pratinjau_impor` shows what would change and the
admin applies it on the import page (`terapkan_impor`). Master data keeps one write path.

- unor: /referensi/ref-unor rows (Id, DiatasanId, NamaUnor, NamaJabatan[, EselonId]) → the
  unor CSV (kode_unor = SIASN Id, so the tree keys on SIASN's ids);
- pegawai: /pns/data-utama, rw-jabatan, rw-golongan per NIP → the pegawai CSV, and the SIASN
  person id into IdentitasSiasn. SIASN has no bulk pegawai call: a full pull is a background
  job (core.jobs) with progress and PARALEL concurrent requests (one session per thread; the
  threads do HTTP only, the database stays with the job's thread).

Field names of data-utama and rw-* are inferred from community clients (integrations.md §1):
keep them here, next to the fake that serves them."""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.jobs import Hasil, Progress
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.integrasi.http import GalatIntegrasi, sesi
from kinerja.integrasi.models import Arah, StatusSinkron
from kinerja.integrasi.siasn import services
from kinerja.integrasi.siasn.adapter import Adapter
from kinerja.org.imports import KOLOM, pratinjau_impor
from kinerja.org.models import (
    ImportBatch,
    Instansi,
    Jabatan,
    JenisImpor,
    JenisJabatan,
    JenjangFungsional,
    Pegawai,
)

PARALEL = 4
_ESELON = re.compile(r"^\s*(I{1,3}|IV|V)\b|^\s*([1-5])")


# --- unor -----------------------------------------------------------------------------------


def _jenis_dari_eselon(eselon: str) -> str:
    """JPT for eselon I-II, Administrator III, Pengawas IV; "" when unknown. Accepts "II.a",
    "21" (SIASN's EselonId) or "III"."""
    m = _ESELON.match(str(eselon or ""))
    if not m:
        return ""
    level = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}.get(m.group(1) or "", 0) or int(
        m.group(2) or 0
    )
    return {1: JenisJabatan.JPT, 2: JenisJabatan.JPT, 3: JenisJabatan.ADMINISTRATOR}.get(
        level, JenisJabatan.PENGAWAS if level >= 4 else ""
    )


def baris_unor(rows: Iterable[dict[str, Any]], jabatan_ada: dict[str, str]) -> list[list[str]]:
    """ref-unor rows as unor import rows (kode_unor, nama_unor, kode_unor_induk,
    jabatan_pimpinan, jenis_jabatan_pimpinan). A parent outside the list makes a root.
    Jenis of the leader's position: the existing jabatan's, else from EselonId, else by depth
    (JPT, Administrator, Pengawas)."""
    data = [r for r in rows if str(r.get("Id") or "").strip()]
    ids = {str(r["Id"]).strip(): r for r in data}
    induk = {
        k: str(r.get("DiatasanId") or "").strip()
        if str(r.get("DiatasanId") or "").strip() in ids
        else ""
        for k, r in ids.items()
    }

    def kedalaman(kode: str) -> int:
        n, seen = 0, {kode}
        while induk.get(kode) and induk[kode] not in seen:
            kode = induk[kode]
            seen.add(kode)
            n += 1
        return n

    hasil = []
    for kode, r in ids.items():
        jabatan = " ".join(str(r.get("NamaJabatan") or "").split())
        jenis = ""
        if jabatan:
            jenis = jabatan_ada.get(jabatan.casefold()) or _jenis_dari_eselon(
                str(r.get("EselonId") or "")
            )
            if not jenis:
                jenis = (JenisJabatan.JPT, JenisJabatan.ADMINISTRATOR)[min(kedalaman(kode), 1)]
                if kedalaman(kode) >= 2:
                    jenis = JenisJabatan.PENGAWAS
        hasil.append([kode, str(r.get("NamaUnor") or "").strip(), induk[kode], jabatan, jenis])
    return hasil


def _csv(jenis: str, rows: Iterable[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_KOLOM_DIPAKAI[jenis])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


_KOLOM_DIPAKAI: dict[str, list[str]] = {
    JenisImpor.UNOR: [k.nama for k in KOLOM[JenisImpor.UNOR]],
    # The pegawai columns SIASN fills; "guru" is left out, so it is left alone.
    JenisImpor.PEGAWAI: [k.nama for k in KOLOM[JenisImpor.PEGAWAI] if k.nama != "guru"],
}


def _jabatan_ada(instansi_id: int) -> dict[str, str]:
    return {
        nama.casefold(): jenis
        for nama, jenis in Jabatan.objects.filter(instansi_id=instansi_id).values_list(
            "nama", "jenis"
        )
    }


def tarik_unor(actor: User, instansi: Instansi) -> ImportBatch:
    """ref-unor → the unor import preview (nothing applied yet)."""
    require_admin_instansi(actor, instansi.pk)
    adapter = Adapter.dari_env(instansi)
    with adapter.catat("tarik_unor", Arah.TARIK, actor) as log:
        rows = adapter.tarik_unor()
        log.jumlah = len(rows)
        if not rows:
            log.pesan = "SIASN tidak mengembalikan unit organisasi."
    if not rows:
        raise DomainError("SIASN tidak mengembalikan unit organisasi untuk instansi ini.")
    data = _csv(JenisImpor.UNOR, baris_unor(rows, _jabatan_ada(instansi.pk)))
    return pratinjau_impor(actor, instansi, JenisImpor.UNOR, _nama_berkas("unor"), data)


def _nama_berkas(jenis: str) -> str:
    return f"siasn-{jenis}-{timezone.localtime():%Y%m%d-%H%M}.csv"


# --- pegawai --------------------------------------------------------------------------------


def _tanggal(value: Any) -> dt.date | None:
    text = str(value or "").strip()[:10]
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _jenis_jabatan(utama: dict[str, Any], nama: str, jenjang: str) -> str:
    jenis = str(utama.get("jenisJabatan") or "").casefold()
    if jenis in ("1", "struktural"):
        return _jenis_dari_eselon(str(utama.get("eselon") or utama.get("eselonId") or "")) or (
            JenisJabatan.PENGAWAS
        )
    if jenis in ("2", "fungsional", "fungsional tertentu") or jenjang:
        return JenisJabatan.FUNGSIONAL
    return JenisJabatan.PELAKSANA


def _jenjang_dari_nama(nama: str, jenjang_nama: Iterable[str]) -> str:
    for jenjang in sorted(jenjang_nama, key=len, reverse=True):
        if nama.casefold().endswith(jenjang.casefold()):
            return jenjang
    return ""


def baris_pegawai(nip: str, data: dict[str, Any], jenjang_nama: Iterable[str]) -> list[str]:
    """One NIP's SIASN records as a pegawai import row (the columns of _KOLOM_DIPAKAI)."""
    utama = data.get("utama") or {}
    jabatan_rw = [r for r in data.get("jabatan") or [] if isinstance(r, dict)]
    golongan_rw = [r for r in data.get("golongan") or [] if isinstance(r, dict)]
    terakhir = max(
        jabatan_rw, key=lambda r: _tanggal(r.get("tmtJabatan")) or dt.date.min, default={}
    )
    nama_jabatan = " ".join(
        str(utama.get("jabatanNama") or terakhir.get("namaJabatan") or "").split()
    )
    jenjang = _jenjang_dari_nama(nama_jabatan, jenjang_nama)
    jenis_jabatan = _jenis_jabatan(utama, nama_jabatan, jenjang)
    golongan = str(utama.get("golRuangAkhir") or "").strip()
    if not golongan and golongan_rw:
        g = max(golongan_rw, key=lambda r: _tanggal(r.get("tmtGolongan")) or dt.date.min)
        golongan = str(g.get("golongan") or "").strip()
    status = f"{utama.get('statusPegawai') or ''} {utama.get('jenisPegawaiNama') or ''}"
    tmt = _tanggal(terakhir.get("tmtJabatan"))
    return [
        nip,
        str(utama.get("nama") or "").strip(),
        str(utama.get("gelarDepan") or "").strip(),
        str(utama.get("gelarBelakang") or "").strip(),
        "PPPK" if "PPPK" in status.upper() else "PNS",
        golongan,
        nama_jabatan,
        jenis_jabatan,
        jenjang if jenis_jabatan == JenisJabatan.FUNGSIONAL else "",
        str(utama.get("unorId") or terakhir.get("unorId") or "").strip(),
        tmt.isoformat() if tmt else "",
        str(utama.get("email") or "").strip(),
    ]


def ambil_banyak(
    instansi: Instansi, nips: list[str], progress: Progress, paralel: int = PARALEL
) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """({nip: records}, NIPs SIASN does not know, NIPs that failed). Threads do HTTP only."""
    hasil: dict[str, dict[str, Any]] = {}
    tidak_ada: list[str] = []
    gagal: list[str] = []
    selesai = [0]

    def bagian(nomor: int) -> list[tuple[str, Any]]:
        adapter = Adapter.dari_env(instansi, sesi())  # one session per thread
        out: list[tuple[str, Any]] = []
        for nip in nips[nomor::paralel]:
            try:
                out.append((nip, adapter.tarik_pegawai(nip)))
            except GalatIntegrasi as exc:
                out.append((nip, exc))
            selesai[0] += 1
        return out

    with ThreadPoolExecutor(max_workers=paralel, thread_name_prefix="siasn-tarik") as pool:
        futures = [pool.submit(bagian, i) for i in range(paralel)]
        while wait(futures, timeout=0.2).not_done:
            progress(selesai[0], len(nips))
        for f in futures:
            for nip, value in f.result():
                if isinstance(value, GalatIntegrasi):
                    gagal.append(nip)
                elif value is None:
                    tidak_ada.append(nip)
                else:
                    hasil[nip] = value
    progress(len(nips), len(nips))
    return hasil, tidak_ada, gagal


def tugas_tarik_pegawai(
    progress: Progress, instansi_id: int, aktor_id: int, nips: list[str] | None = None
) -> Hasil:
    """Background job: pull the pegawai (the given NIPs, or every active pegawai of the
    instansi) and open the pegawai import preview."""
    instansi = Instansi.objects.get(pk=instansi_id)
    actor = User.objects.get(pk=aktor_id)
    require_admin_instansi(actor, instansi.pk)
    ada = dict(Pegawai.objects.filter(instansi_id=instansi_id).values_list("nip", "id"))
    if not nips:
        nips = sorted(
            Pegawai.objects.filter(instansi_id=instansi_id, aktif=True).values_list(
                "nip", flat=True
            )
        )
    adapter = Adapter.dari_env(instansi)
    with adapter.catat("tarik_pegawai", Arah.TARIK, actor) as log:
        data, tidak_ada, gagal = ambil_banyak(instansi, list(nips), progress)
        log.jumlah = len(data)
        masalah = []
        if tidak_ada:
            masalah.append(
                f"{len(tidak_ada)} NIP tidak ditemukan di SIASN ({', '.join(tidak_ada[:10])})"
            )
        if gagal:
            masalah.append(f"{len(gagal)} NIP gagal diambil ({', '.join(gagal[:10])})")
        if masalah:
            log.status = StatusSinkron.SEBAGIAN if data else StatusSinkron.GAGAL
            log.pesan = "; ".join(masalah) + "."
    if not data:
        raise DomainError("Tidak ada data pegawai yang berhasil diambil dari SIASN. " + log.pesan)
    services.simpan_identitas(
        instansi_id,
        {
            ada[nip]: str((d.get("utama") or {}).get("id") or "")
            for nip, d in data.items()
            if nip in ada
        },
    )
    jenjang_nama = list(JenjangFungsional.objects.values_list("nama", flat=True))
    rows = [baris_pegawai(nip, d, jenjang_nama) for nip, d in sorted(data.items())]
    batch = pratinjau_impor(
        actor, instansi, JenisImpor.PEGAWAI, _nama_berkas("pegawai"), _csv(JenisImpor.PEGAWAI, rows)
    )
    pesan = (
        f"Data {len(data)} pegawai diambil dari SIASN. Pratinjau impor #{batch.pk} siap: buka "
        "Integrasi SIASN › Tarik data untuk melihat perubahan dan menerapkannya."
    )
    if log.pesan:
        pesan += " " + log.pesan
    return Hasil(pesan=pesan)
