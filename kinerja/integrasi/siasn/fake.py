"""FakeSiasn: SIASN's shapes on 127.0.0.1 for tests and the demo (ADR 0007 "Fakes").

It issues both tokens from its own endpoints (lifetimes settable, for the refresh tests),
answers 401 to a missing, unknown or expired token of either kind, validates the save
payloads with pydantic (required fields, periodikId 1-2, kuadran 1-5, rating 1-3), stores
saves so the read-back endpoints show them, treats a save with `id` as an update, and serves
ref-unor and data-utama / rw-jabatan / rw-golongan from the data it was loaded with.
Never touches the database.

Paths (the settings of a test or the demo point at them):
    KINERJA_SIASN_URL       = fake.url + BASE
    KINERJA_SIASN_TOKEN_URL = fake.url + TOKEN
    KINERJA_SIASN_SSO_URL   = fake.url + SSO
"""

import base64
import collections
import itertools
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kinerja.integrasi.fake import FakeServer, Jawaban, Permintaan

BASE = "/apisiasn/1.0"
TOKEN = "/oauth2/token"  # noqa: S105 - a path, not a secret
SSO = "/auth/realms/public-siasn/protocol/openid-connect/token"


class _Dok(BaseModel):
    dok_id: str = Field(min_length=1)
    dok_uri: str = Field(min_length=1)
    dok_nama: str = ""
    object: str = ""
    slug: str = ""


class _Penilai(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    tahun: int = Field(ge=2000, le=2100)
    hasilKinerjaNilai: int = Field(ge=1, le=3)
    perilakuKerjaNilai: int = Field(ge=1, le=3)
    kuadranKinerjaNilai: int = Field(ge=1, le=5)
    penilaiNipNrp: str = ""
    penilaiNama: str = Field(min_length=1)
    penilaiGolongan: str = ""
    penilaiUnorNama: str = ""
    statusPenilai: Literal["ASN", "NON ASN"]
    path: list[_Dok] = Field(min_length=1)


class Skp22(_Penilai):
    pnsDinilaiOrang: str = Field(min_length=1)
    penilaiJabatan: str = ""


class KinerjaPeriodik(_Penilai):
    pnsDinilaiId: str = Field(min_length=1)
    periodikId: Literal[1, 2]
    bulanMulaiPenilaian: int = Field(ge=1, le=12)
    tahunMulaiPenilaian: int = Field(ge=2000, le=2100)
    bulanSelesaiPenilaian: int = Field(ge=1, le=12)
    tahunSelesaiPenilaian: int = Field(ge=2000, le=2100)
    koefisienId: str = ""
    penilaiJabatanNama: str = ""


class FakeSiasn(FakeServer):
    def __init__(self) -> None:
        self._data_lock = threading.Lock()
        self._ids = itertools.count(1)
        super().__init__()
        self._rute()

    # --- state ----------------------------------------------------------------------------
    def reset(self) -> None:
        super().reset()
        with self._data_lock:
            self.umur_gateway = 3600.0
            self.umur_sso = 43200.0
            self.token: dict[str, tuple[str, float]] = {}  # token -> (jenis, expires at)
            self.ditolak: set[str] = set()  # consumer keys / usernames refused
            self.skp22: dict[str, dict[str, Any]] = {}  # id -> record
            self.periodik: dict[str, dict[str, Any]] = {}
            self.unggahan: list[dict[str, Any]] = []
            self.simpan_tercatat: list[tuple[str, dict[str, Any]]] = []  # every accepted save
            self.unor: list[dict[str, Any]] = []
            self.pegawai: dict[str, dict[str, Any]] = {}  # nip -> {"utama", "jabatan", "golongan"}

    def muat(
        self, unor: list[dict[str, Any]] | None = None, pegawai: dict[str, Any] | None = None
    ) -> None:
        """Master data to serve: ref-unor rows and {nip: {"utama", "jabatan", "golongan"}}."""
        with self._data_lock:
            if unor is not None:
                self.unor = list(unor)
            if pegawai is not None:
                self.pegawai = dict(pegawai)

    def pns_id(self, nip: str) -> str:
        """SIASN's person id of a NIP: the loaded one, else a stable made-up one."""
        utama = self.pegawai.get(nip, {}).get("utama") or {}
        return str(utama.get("id") or f"pns-{nip}")

    def kedaluwarsakan(self) -> None:
        """Every token issued so far expires now (as after SIASN restarts its gateway)."""
        with self._data_lock:
            self.token = {t: (j, 0.0) for t, (j, _) in self.token.items()}

    def jumlah_simpan(self, jenis: str | None = None) -> int:
        return sum(1 for j, _ in self.simpan_tercatat if jenis is None or j == jenis)

    # --- helpers --------------------------------------------------------------------------
    def _beri_token(self, jenis: str, umur: float) -> Jawaban:
        token = f"{jenis}-{uuid.uuid4().hex}"
        with self._data_lock:
            self.token[token] = (jenis, time.time() + umur)
        return 200, {"access_token": token, "token_type": "bearer", "expires_in": umur}

    def _sah(self, token: str, jenis: str) -> bool:
        with self._data_lock:
            found = self.token.get(token)
        return found is not None and found[0] == jenis and found[1] > time.time()

    def _cek(self, req: Permintaan) -> Jawaban | None:
        gateway = req.headers.get("authorization", "")
        sso = req.headers.get("auth", "")
        if not gateway.lower().startswith("bearer ") or not self._sah(gateway[7:], "gateway"):
            return 401, {"message": "Invalid Credentials (token gateway)"}
        if not sso.lower().startswith("bearer ") or not self._sah(sso[7:], "sso"):
            return 401, {"message": "Token SSO tidak valid atau kedaluwarsa"}
        return None

    def _api(self, method: str, pattern: str) -> Any:
        def daftar(handler: Any) -> Any:
            def dijaga(req: Permintaan) -> Jawaban:
                return self._cek(req) or handler(req)

            self.route(method, BASE + pattern)(dijaga)
            return handler

        return daftar

    # --- routes ---------------------------------------------------------------------------
    def _rute(self) -> None:
        @self.route("POST", TOKEN)
        def token_gateway(req: Permintaan) -> Jawaban:
            auth = req.headers.get("authorization", "")
            if not auth.lower().startswith("basic "):
                return 401, {"error": "invalid_client"}
            key, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            if req.form().get("grant_type") != "client_credentials":
                return 400, {"error": "unsupported_grant_type"}
            if not key or not secret or key in self.ditolak:
                return 401, {"error": "invalid_client", "error_description": "Invalid client"}
            return self._beri_token("gateway", self.umur_gateway)

        @self.route("POST", SSO)
        def token_sso(req: Permintaan) -> Jawaban:
            form = req.form()
            if form.get("grant_type") != "password":
                return 400, {"error": "unsupported_grant_type"}
            user = form.get("username", "")
            if not user or not form.get("password") or user in self.ditolak:
                return 401, {
                    "error": "invalid_grant",
                    "error_description": "Invalid user credentials",
                }
            return self._beri_token("sso", self.umur_sso)

        @self._api("GET", r"/referensi/ref-unor")
        def ref_unor(req: Permintaan) -> Jawaban:
            return 200, {"success": True, "data": self.unor}

        def pegawai(bagian: str) -> Any:
            def handler(req: Permintaan) -> Jawaban:
                data = self.pegawai.get(req.params["nip"])
                if data is None:
                    return 404, {"success": False, "message": "Data tidak ditemukan"}
                return 200, {"success": True, "data": data.get(bagian)}

            return handler

        for bagian, jalur in (
            ("utama", "data-utama"),
            ("jabatan", "rw-jabatan"),
            ("golongan", "rw-golongan"),
        ):
            self._api("GET", rf"/pns/{jalur}/(?P<nip>\d+)")(pegawai(bagian))

        @self._api("POST", r"/upload-dok-rw")
        def upload(req: Permintaan) -> Jawaban:
            body = req.body
            ref = "890" if b'name="id_ref_dokumen"\r\n\r\n890' in body else ""
            ref = ref or ("891" if b'name="id_ref_dokumen"\r\n\r\n891' in body else "")
            if not ref or b'name="file"' not in body or b"%PDF" not in body:
                return 400, {"success": False, "message": "Berkas PDF dan id_ref_dokumen wajib"}
            nama = f"{uuid.uuid4().hex}.pdf"
            dok = {
                "dok_id": ref,
                "dok_nama": "Dokumen Evaluasi Kinerja" if ref == "890" else "Dokumen Realisasi",
                "dok_uri": f"peremajaan/dokumen/{nama}",
                "object": f"peremajaan/dokumen/{nama}",
                "slug": ref,
            }
            with self._data_lock:
                self.unggahan.append(dok)
            return 200, {"success": True, "data": dok}

        def simpan(jenis: str, model: type[BaseModel], tempat: str) -> Any:
            def handler(req: Permintaan) -> Jawaban:
                try:
                    data = model.model_validate(req.json()).model_dump()
                except (ValidationError, ValueError) as exc:
                    return 400, {"success": False, "message": f"Data tidak valid: {exc}"}
                store: dict[str, dict[str, Any]] = getattr(self, tempat)
                with self._data_lock:
                    ident = data.pop("id") or None
                    if ident is not None and ident not in store:
                        return 404, {"success": False, "message": f"Riwayat {ident} tidak ada"}
                    ident = ident or f"{jenis}-{next(self._ids)}"
                    store[ident] = {**data, "id": ident}
                    self.simpan_tercatat.append((jenis, store[ident]))
                return 200, {"success": True, "message": "success", "mapData": {"id": ident}}

            return handler

        self._api("POST", r"/skp22/save")(simpan("tahunan", Skp22, "skp22"))
        self._api("POST", r"/kinerjaperiodik/save")(simpan("periodik", KinerjaPeriodik, "periodik"))

        @self._api("DELETE", r"/kinerjaperiodik/delete/(?P<id>[\w-]+)")
        def hapus(req: Permintaan) -> Jawaban:
            with self._data_lock:
                found = self.periodik.pop(req.params["id"], None)
            if found is None:
                return 404, {"success": False, "message": "Riwayat tidak ditemukan"}
            return 200, {"success": True, "message": "success"}

        def riwayat(tempat: str, kunci: str) -> Any:
            def handler(req: Permintaan) -> Jawaban:
                pns = self.pns_id(req.params["nip"])
                with self._data_lock:
                    store: dict[str, dict[str, Any]] = getattr(self, tempat)
                    rows = [dict(r) for r in store.values() if r.get(kunci) == pns]
                return 200, {"success": True, "data": rows}

            return handler

        self._api("GET", r"/pns/rw-skp22/(?P<nip>\d+)")(riwayat("skp22", "pnsDinilaiOrang"))
        self._api("GET", r"/pns/rw-kinerjaperiodik/(?P<nip>\d+)")(
            riwayat("periodik", "pnsDinilaiId")
        )

    # --- demo data ------------------------------------------------------------------------
    def muat_dari_basis_data(self, instansi_id: int, batas: int = 2000) -> None:
        """Load master data from our own tables (for `manage.py fake_siasn`: the demo's own
        org as SIASN would serve it). Runs in the command, before serving; not in tests."""
        from kinerja.integrasi.siasn import demo

        unor, pegawai = demo.data_fake(instansi_id, batas)
        self.muat(unor=unor, pegawai=pegawai)


# --- in its own process ---------------------------------------------------------------------
class ProsesFake:
    """A FakeSiasn in a child process (`python -m kinerja.integrasi.siasn.fake`: no Django, no
    database), for the benchmark: the real SIASN is another machine, so its parsing must not
    share the sweep's GIL. A line protocol on the pipes: the child prints its URL, answers
    "jumlah" with the accepted saves and uploads, and stops when its stdin closes.

        with ProsesFake() as fake: ... fake.url ...; fake.jumlah() -> (saves, uploads)"""

    def __init__(self) -> None:
        self.url = ""
        self._proses: subprocess.Popen[str] | None = None

    def __enter__(self) -> "ProsesFake":
        akar = Path(__file__).resolve().parents[3]  # the directory holding `kinerja`
        self._proses = subprocess.Popen(
            [sys.executable, "-m", "kinerja.integrasi.siasn.fake"],
            cwd=akar,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self._baris()
        return self

    def _baris(self) -> str:
        assert self._proses is not None and self._proses.stdout is not None
        line = self._proses.stdout.readline().strip()
        if not line:
            raise RuntimeError("SIASN tiruan tidak berjalan.")
        return line

    def jumlah(self) -> tuple[int, int]:
        """(accepted saves, uploads) so far."""
        assert self._proses is not None and self._proses.stdin is not None
        self._proses.stdin.write("jumlah\n")
        self._proses.stdin.flush()
        saves, uploads = self._baris().split()
        return int(saves), int(uploads)

    def __exit__(self, *exc: object) -> None:
        assert self._proses is not None and self._proses.stdin is not None
        self._proses.stdin.close()
        try:
            self._proses.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proses.kill()
            self._proses.wait()


def _layani() -> None:
    fake = FakeSiasn()
    fake.start()
    fake.log = collections.deque(maxlen=100)  # type: ignore[assignment]  # not 20,000 bodies
    print(fake.url, flush=True)
    for line in sys.stdin:
        if line.strip() == "jumlah":
            print(fake.jumlah_simpan(), len(fake.unggahan), flush=True)
    fake.stop()


if __name__ == "__main__":
    _layani()
