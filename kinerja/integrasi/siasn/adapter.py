"""The SIASN adapter (ADR 0007 "Adapter interface"): built from the environment for an
instansi, a health check, and the tarik_* / kirim_* operations. Each public operation is one
HTTP exchange group; callers wrap them in `self.catat(...)` (one LogSinkron row), outside
any database transaction."""

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import requests

from kinerja.integrasi.http import GalatIntegrasi
from kinerja.integrasi.log import catat
from kinerja.integrasi.models import Arah, LogSinkron, PenanggungJawab, Sistem
from kinerja.integrasi.siasn import kode, payload
from kinerja.integrasi.siasn.client import KlienSiasn, muat_kredensial, periksa_alamat
from kinerja.org.models import Instansi


class Adapter:
    sistem = Sistem.SIASN

    def __init__(self, instansi: Instansi, klien: KlienSiasn) -> None:
        self.instansi = instansi
        self.klien = klien

    @classmethod
    def dari_env(cls, instansi: Instansi, session: requests.Session | None = None) -> "Adapter":
        """KonfigurasiKurang (a DomainError, Indonesian) when SIASN is not configured."""
        periksa_alamat()
        return cls(instansi, KlienSiasn(instansi.pk, muat_kredensial(instansi.kode), session))

    def catat(
        self,
        operasi: str,
        arah: str = Arah.KIRIM,
        aktor: Any = None,
        ref: str = "",
        tampung: list[LogSinkron] | None = None,
    ) -> AbstractContextManager[LogSinkron]:
        return catat(
            instansi_id=self.instansi.pk,
            sistem=self.sistem,
            arah=arah,
            operasi=operasi,
            aktor=aktor,
            ref=ref,
            tampung=tampung,
        )

    # --- health ---------------------------------------------------------------------------
    def periksa(self, aktor: Any = None) -> str:
        """Fetch both tokens afresh; the message for the admin. Raises GalatIntegrasi."""
        with self.catat("periksa", Arah.TARIK, aktor) as log:
            self.klien.token("gateway", paksa=True)
            self.klien.token("sso", paksa=True)
            log.pesan = "Token gateway dan token SSO SIASN berhasil diperoleh."
        return log.pesan

    # --- pull -----------------------------------------------------------------------------
    def tarik_unor(self) -> list[dict[str, Any]]:
        rows = self.klien.data("GET", "/referensi/ref-unor")
        return [r for r in rows or [] if isinstance(r, dict)]

    def tarik_pegawai(self, nip: str) -> dict[str, Any] | None:
        """data-utama, rw-jabatan and rw-golongan of one NIP; None when SIASN does not know it."""
        try:
            utama = self.klien.data("GET", f"/pns/data-utama/{nip}")
        except GalatIntegrasi as exc:
            if exc.status == 404:
                return None
            raise
        jabatan = self.klien.data("GET", f"/pns/rw-jabatan/{nip}") or []
        golongan = self.klien.data("GET", f"/pns/rw-golongan/{nip}") or []
        return {"utama": utama or {}, "jabatan": jabatan, "golongan": golongan}

    def pns_id(self, nip: str) -> str:
        try:
            utama = self.klien.data("GET", f"/pns/data-utama/{nip}") or {}
        except GalatIntegrasi as exc:
            if exc.status == 404:
                raise GalatIntegrasi(
                    f"NIP {nip} tidak ditemukan di SIASN.",
                    kode="nip_tidak_ada",
                    sementara=False,
                    penanggung_jawab=PenanggungJawab.ADMIN_INSTANSI,
                    status=404,
                ) from exc
            raise
        return str(utama.get("id") or "")

    # --- push -----------------------------------------------------------------------------
    def kirim_dokumen(
        self, nama: str, isi: bytes, jenis_dok: str = kode.DOK_EVALUASI
    ) -> dict[str, Any]:
        """POST /upload-dok-rw: the signed PDF; the `path` item for the save."""
        data = self.klien.data(
            "POST",
            "/upload-dok-rw",
            files={"file": (nama, isi, "application/pdf")},
            data={"id_ref_dokumen": jenis_dok},
        )
        if not isinstance(data, dict) or not data.get("dok_uri"):
            raise GalatIntegrasi(
                "SIASN tidak mengembalikan lokasi dokumen yang diunggah.",
                kode="unggah_tanpa_path",
                sementara=True,
                penanggung_jawab=PenanggungJawab.BKN,
            )
        return data

    def kirim_hasil(self, jenis: str, data: dict[str, Any]) -> str:
        """POST skp22/save or kinerjaperiodik/save; SIASN's record id."""
        body = self.klien.json("POST", payload.SAVE[jenis], json=data)
        ident = ""
        if isinstance(body, dict):
            for key in ("mapData", "data"):
                inner = body.get(key)
                if isinstance(inner, dict) and inner.get("id"):
                    ident = str(inner["id"])
                    break
        return ident

    def hapus_periodik(self, siasn_id: str) -> None:
        """DELETE kinerjaperiodik/delete/{id}; one already gone counts as deleted."""
        try:
            self.klien.minta("DELETE", f"/kinerjaperiodik/delete/{siasn_id}")
        except GalatIntegrasi as exc:
            if exc.status != 404:
                raise

    def riwayat(self, jenis: str, nip: str) -> Iterator[dict[str, Any]]:
        rows = self.klien.data("GET", payload.RIWAYAT[jenis].format(nip=nip)) or []
        return (r for r in rows if isinstance(r, dict))
