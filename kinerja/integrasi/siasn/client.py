"""The SIASN HTTP client: two bearer tokens on every call (integrations.md §1).

- the API gateway token: OAuth2 `client_credentials` with the instansi's consumer key and
  secret (about 1 h), sent as `Authorization: Bearer <token>`;
- the SSO token: Keycloak password grant (realm public-siasn) for the instansi's operator
  account (about 12 h), sent as `Auth: bearer <token>`.

Both are cached in the Django cache per instansi (per process with LocMem, shared with Redis)
and fetched again when less than 20 % of their life or less than SISA_MINIMUM seconds are
left. A 401 drops both, fetches them again and retries the call once.

Credentials belong to an instansi: KINERJA_SIASN_KREDENSIAL_FILE is a JSON file
{instansi kode: {consumer_key, consumer_secret, username, password[, client_id]}} kept
outside the repository. Missing configuration raises KonfigurasiKurang (a DomainError with
an Indonesian message for the admin screen), never a crash.
"""

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache

from kinerja.core.permissions import DomainError
from kinerja.integrasi.http import GalatIntegrasi, panggil, sesi
from kinerja.integrasi.models import PenanggungJawab, Sistem

SISA_MINIMUM = 300.0  # seconds: refresh a token with less than this left
SISA_PERSEN = 0.2  # ... or with less than this share of its life left
CLIENT_ID_BAWAAN = "kinerja"
_KUNCI = ("consumer_key", "consumer_secret", "username", "password")
_kunci_refresh = threading.Lock()


class KonfigurasiKurang(DomainError):
    """SIASN is not configured (addresses or this instansi's credentials)."""


@dataclass(frozen=True)
class Kredensial:
    consumer_key: str
    consumer_secret: str
    username: str
    password: str
    client_id: str = CLIENT_ID_BAWAAN


def jam() -> float:
    """Now, in seconds (tests replace it to move time)."""
    return time.time()


def periksa_alamat() -> None:
    kurang = [
        name
        for name in ("KINERJA_SIASN_URL", "KINERJA_SIASN_TOKEN_URL", "KINERJA_SIASN_SSO_URL")
        if not getattr(settings, name, "")
    ]
    if kurang:
        raise KonfigurasiKurang(
            "Koneksi SIASN belum dikonfigurasi: " + ", ".join(kurang) + " belum diisi. "
            "Hubungi admin sistem Kinerja."
        )


def muat_kredensial(kode_instansi: str) -> Kredensial:
    """This instansi's credentials from KINERJA_SIASN_KREDENSIAL_FILE."""
    path = str(getattr(settings, "KINERJA_SIASN_KREDENSIAL_FILE", "") or "")
    if not path:
        raise KonfigurasiKurang(
            "Berkas kredensial SIASN belum diatur (KINERJA_SIASN_KREDENSIAL_FILE). "
            "Hubungi admin sistem Kinerja."
        )
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError:
        raise KonfigurasiKurang(
            "Berkas kredensial SIASN tidak dapat dibaca; hubungi admin sistem Kinerja."
        ) from None
    except ValueError:
        raise KonfigurasiKurang(
            "Berkas kredensial SIASN bukan JSON yang valid; hubungi admin sistem Kinerja."
        ) from None
    entri = data.get(kode_instansi) if isinstance(data, dict) else None
    if not isinstance(entri, dict):
        raise KonfigurasiKurang(
            f"Kredensial SIASN untuk instansi {kode_instansi} belum ada. Mintalah consumer "
            "key/secret dan akun operator SIASN instansi ke BKN, lalu minta admin sistem "
            "Kinerja menambahkannya ke berkas kredensial."
        )
    kurang = [k for k in _KUNCI if not str(entri.get(k) or "")]
    if kurang:
        raise KonfigurasiKurang(
            f"Kredensial SIASN instansi {kode_instansi} belum lengkap: {', '.join(kurang)} kosong."
        )
    return Kredensial(
        consumer_key=str(entri["consumer_key"]),
        consumer_secret=str(entri["consumer_secret"]),
        username=str(entri["username"]),
        password=str(entri["password"]),
        client_id=str(entri.get("client_id") or CLIENT_ID_BAWAAN),
    )


def _perlu_baru(entri: dict[str, Any] | None, now: float) -> bool:
    if not entri:
        return True
    sisa = float(entri["exp"]) - now
    return sisa < max(SISA_PERSEN * float(entri["life"]), SISA_MINIMUM)


class KlienSiasn:
    """Calls for one instansi. One per thread: it holds a requests.Session."""

    def __init__(
        self,
        instansi_id: int,
        kredensial: Kredensial,
        session: requests.Session | None = None,
    ) -> None:
        periksa_alamat()
        self.instansi_id = instansi_id
        self.kredensial = kredensial
        self.session = session or sesi()
        self.base = str(settings.KINERJA_SIASN_URL).rstrip("/")

    # --- tokens ---------------------------------------------------------------------------
    def _kunci(self, jenis: str) -> str:
        return f"siasn:token:{self.instansi_id}:{jenis}"

    def lupakan_token(self) -> None:
        cache.delete_many([self._kunci("gateway"), self._kunci("sso")])

    def token(self, jenis: str, paksa: bool = False) -> str:
        """The cached token of `jenis` ("gateway" | "sso"), fetched when (nearly) expired."""
        key = self._kunci(jenis)
        entri = None if paksa else cache.get(key)
        if not _perlu_baru(entri, jam()):
            return str(entri["token"])  # type: ignore[index]
        with _kunci_refresh:  # one refresh at a time in this process
            entri = None if paksa else cache.get(key)
            if not _perlu_baru(entri, jam()):
                return str(entri["token"])  # type: ignore[index]
            token, life = self._minta_token(jenis)
            entri = {"token": token, "exp": jam() + life, "life": life}
            cache.set(key, entri, timeout=max(1, int(life)))
            return token

    def _minta_token(self, jenis: str) -> tuple[str, float]:
        k = self.kredensial
        try:
            if jenis == "gateway":
                r = panggil(
                    self.session,
                    "POST",
                    str(settings.KINERJA_SIASN_TOKEN_URL),
                    sistem=Sistem.SIASN,
                    data={"grant_type": "client_credentials"},
                    auth=(k.consumer_key, k.consumer_secret),
                )
            else:
                r = panggil(
                    self.session,
                    "POST",
                    str(settings.KINERJA_SIASN_SSO_URL),
                    sistem=Sistem.SIASN,
                    data={
                        "grant_type": "password",
                        "client_id": k.client_id,
                        "username": k.username,
                        "password": k.password,
                    },
                )
        except GalatIntegrasi as exc:
            if exc.status in (400, 401, 403):
                nama = (
                    "consumer key/secret (token gateway)"
                    if jenis == "gateway"
                    else ("akun operator SSO SIASN")
                )
                raise GalatIntegrasi(
                    f"SIASN menolak {nama} instansi ini (HTTP {exc.status}). Periksa kredensial "
                    "SIASN instansi.",
                    kode=f"token_{jenis}_ditolak",
                    sementara=False,
                    penanggung_jawab=PenanggungJawab.ADMIN_INSTANSI,
                    status=exc.status,
                    jawaban=exc.jawaban,
                ) from exc
            raise
        try:
            body = r.json()
            return str(body["access_token"]), float(body.get("expires_in") or 300)
        except (ValueError, KeyError, TypeError) as exc:
            raise GalatIntegrasi(
                "Jawaban token SIASN tidak dikenali.",
                kode="token_tidak_dikenal",
                sementara=True,
                penanggung_jawab=PenanggungJawab.BKN,
            ) from exc

    # --- calls ----------------------------------------------------------------------------
    def _header(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token('gateway')}",
            "Auth": f"bearer {self.token('sso')}",
            "Accept": "application/json",
        }

    def minta(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One API call with both tokens; a 401 refreshes both and retries once."""
        url = self.base + path
        try:
            return panggil(
                self.session, method, url, sistem=Sistem.SIASN, headers=self._header(), **kwargs
            )
        except GalatIntegrasi as exc:
            if exc.status != 401:
                raise
        self.lupakan_token()
        try:
            return panggil(
                self.session, method, url, sistem=Sistem.SIASN, headers=self._header(), **kwargs
            )
        except GalatIntegrasi as exc:
            if exc.status == 401:
                exc.penanggung_jawab = PenanggungJawab.ADMIN_INSTANSI
                exc.pesan = (
                    "SIASN menolak token instansi ini walaupun baru diminta (HTTP 401). Periksa "
                    "hak akses akun SIASN instansi."
                )
                exc.args = (exc.pesan,)
            raise

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        r = self.minta(method, path, **kwargs)
        try:
            return r.json()
        except ValueError as exc:
            raise GalatIntegrasi(
                f"Jawaban SIASN untuk {path} bukan JSON.",
                kode="jawaban_tidak_dikenal",
                sementara=True,
                penanggung_jawab=PenanggungJawab.BKN,
            ) from exc

    def data(self, method: str, path: str, **kwargs: Any) -> Any:
        """The `data` member of a JSON answer (SIASN wraps answers so)."""
        body = self.json(method, path, **kwargs)
        return body.get("data") if isinstance(body, dict) and "data" in body else body
