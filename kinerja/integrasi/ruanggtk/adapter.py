"""The Ruang GTK feed client: `GET {KINERJA_RUANGGTK_URL}/feed?since=&limit=&instansi=` with
`Authorization: Bearer {KINERJA_RUANGGTK_TOKEN}`, paged until `selesai` (ADR 0007, adapter
interface). Every call runs inside `self.catat(...)`: one LogSinkron row per pull."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from kinerja.core.permissions import DomainError
from kinerja.integrasi import http
from kinerja.integrasi.http import GalatIntegrasi
from kinerja.integrasi.log import catat
from kinerja.integrasi.models import Arah, LogSinkron, PenanggungJawab, Sistem
from kinerja.org.models import Instansi

SISTEM = str(Sistem.RUANG_GTK)
HALAMAN = 500
MAKS_HALAMAN = 2000  # a feed that never says `selesai` must not loop forever


@dataclass
class Tarikan:
    catatan: list[dict[str, Any]] = field(default_factory=list)
    kursor: str = ""
    halaman: int = 0


class RuangGtkAdapter:
    def __init__(self, url: str, token: str, instansi: Instansi) -> None:
        self.url, self.token, self.instansi = url.rstrip("/"), token, instansi
        self.session = http.sesi()

    @classmethod
    def dari_env(cls, instansi: Instansi) -> "RuangGtkAdapter":
        if not settings.KINERJA_RUANGGTK_URL:
            raise DomainError(
                "Alamat feed Ruang GTK belum diatur (KINERJA_RUANGGTK_URL); gunakan unggah "
                "berkas atau minta admin sistem mengaturnya."
            )
        return cls(settings.KINERJA_RUANGGTK_URL, settings.KINERJA_RUANGGTK_TOKEN, instansi)

    @contextmanager
    def catat(self, operasi: str, aktor: Any = None, ref: str = "") -> Iterator[LogSinkron]:
        with catat(
            instansi_id=self.instansi.pk,
            sistem=SISTEM,
            arah=Arah.TARIK,
            operasi=operasi,
            aktor=aktor,
            ref=ref,
        ) as log:
            yield log

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        try:
            response = http.panggil(
                self.session,
                "GET",
                f"{self.url}{path}",
                sistem=SISTEM,
                params=params,
                headers={"Authorization": f"Bearer {self.token}"},
            )
        except GalatIntegrasi as exc:
            if exc.status in (401, 403):
                exc.pesan = (
                    f"Ruang GTK menolak token (HTTP {exc.status}); periksa KINERJA_RUANGGTK_TOKEN."
                )
                exc.penanggung_jawab = PenanggungJawab.ADMIN_SISTEM
            elif exc.sementara:
                exc.penanggung_jawab = PenanggungJawab.OPERATOR_RUANG_GTK
            raise
        try:
            return response.json()
        except ValueError as exc:
            raise GalatIntegrasi(
                "Jawaban Ruang GTK bukan JSON.",
                kode="format",
                sementara=False,
                penanggung_jawab=PenanggungJawab.OPERATOR_RUANG_GTK,
                jawaban=http.ringkas(response.text),
            ) from exc

    def periksa(self, aktor: Any = None) -> str:
        """Health check for the admin screen: the feed answers and accepts the token."""
        with self.catat("periksa", aktor) as log:
            body = self._get("/feed", {"since": "", "limit": 1, "instansi": self.instansi.kode})
            log.jawaban = http.ringkas(body)
        return "Feed Ruang GTK dapat dihubungi dan menerima token."

    def tarik_feed(self, sejak: str, aktor: Any = None) -> Tarikan:
        """Every record changed after `sejak`, page by page; the position after the last."""
        tarikan = Tarikan(kursor=sejak)
        with self.catat("tarik_feed", aktor, ref=f"since={sejak}") as log:
            log.permintaan = http.ringkas(
                {"url": f"{self.url}/feed", "since": sejak, "instansi": self.instansi.kode}
            )
            selesai = False
            while not selesai:
                if tarikan.halaman >= MAKS_HALAMAN:
                    raise GalatIntegrasi(
                        f"Feed Ruang GTK tidak selesai setelah {MAKS_HALAMAN} halaman.",
                        kode="format",
                        sementara=False,
                        penanggung_jawab=PenanggungJawab.OPERATOR_RUANG_GTK,
                    )
                body = self._get(
                    "/feed",
                    {"since": tarikan.kursor, "limit": HALAMAN, "instansi": self.instansi.kode},
                )
                data, kursor = _halaman(body)
                tarikan.catatan.extend(data)
                tarikan.halaman += 1
                tarikan.kursor = kursor or tarikan.kursor
                selesai = bool(body.get("selesai", True)) or not data
                log.jumlah = len(tarikan.catatan)
            log.jawaban = http.ringkas(
                {"halaman": tarikan.halaman, "catatan": log.jumlah, "kursor": tarikan.kursor}
            )
            log.pesan = f"{log.jumlah} catatan dalam {tarikan.halaman} halaman."
        return tarikan


def _halaman(body: Any) -> tuple[list[dict[str, Any]], str]:
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise GalatIntegrasi(
            'Jawaban feed Ruang GTK tidak berbentuk {"data": [...], "kursor": ...}.',
            kode="format",
            sementara=False,
            penanggung_jawab=PenanggungJawab.OPERATOR_RUANG_GTK,
            jawaban=http.ringkas(body),
        )
    return body["data"], str(body.get("kursor") or "")
