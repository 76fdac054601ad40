"""Calling an external system over HTTP: explicit timeouts, failures classified as temporary
(retry later) or permanent (a person must act), and log excerpts without credentials."""

import json
import re
from typing import Any

import requests
from django.conf import settings

RINGKAS_MAKS = 4096
_RAHASIA = re.compile(r"token|password|secret|authorization|^auth$|kredensial", re.IGNORECASE)


class GalatIntegrasi(Exception):
    """A failed exchange. `sementara`: worth retrying (timeout, connection, 429, 5xx)."""

    def __init__(
        self,
        pesan: str,
        *,
        kode: str,
        sementara: bool,
        penanggung_jawab: str = "",
        status: int | None = None,
        jawaban: str = "",
    ) -> None:
        super().__init__(pesan)
        self.pesan, self.kode, self.sementara = pesan, kode, sementara
        self.penanggung_jawab, self.status, self.jawaban = penanggung_jawab, status, jawaban


def sesi() -> requests.Session:
    """A session (connection pooling); one per thread, requests' Session is not thread-safe."""
    s = requests.Session()
    s.headers["User-Agent"] = "Kinerja (+https://github.com/kinerja)"
    return s


def panggil(
    session: requests.Session,
    method: str,
    url: str,
    *,
    sistem: str,
    timeout: tuple[float, float] | None = None,
    **kwargs: Any,
) -> requests.Response:
    """One request. Returns a 2xx/3xx response or raises GalatIntegrasi with an Indonesian
    message naming `sistem`."""
    timeout = timeout or settings.KINERJA_HTTP_TIMEOUT
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout as exc:
        raise GalatIntegrasi(
            f"{sistem} tidak menjawab dalam {timeout[1]:g} detik; akan dicoba lagi.",
            kode="timeout",
            sementara=True,
        ) from exc
    except requests.ConnectionError as exc:
        raise GalatIntegrasi(
            f"Tidak dapat terhubung ke {sistem}; akan dicoba lagi.",
            kode="koneksi",
            sementara=True,
        ) from exc
    if response.status_code < 400:
        return response
    sementara = response.status_code == 429 or response.status_code >= 500
    alasan = pesan_dari(response)
    raise GalatIntegrasi(
        f"{sistem} menolak permintaan (HTTP {response.status_code})"
        + (f": {alasan}" if alasan else ".")
        + (" Akan dicoba lagi." if sementara else ""),
        kode=f"http_{response.status_code}",
        sementara=sementara,
        status=response.status_code,
        jawaban=ringkas(response.text),
    )


def pesan_dari(response: requests.Response) -> str:
    """The reason a system gives in its error body, whatever the shape."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300]
    if isinstance(body, dict):
        for key in ("message", "error_description", "detail", "error", "pesan"):
            if body.get(key):
                return str(body[key])[:300]
    return json.dumps(body, ensure_ascii=False)[:300]


def tanpa_rahasia(data: Any) -> Any:
    """A copy of JSON-like data with credential values replaced."""
    if isinstance(data, dict):
        return {k: "***" if _RAHASIA.search(str(k)) else tanpa_rahasia(v) for k, v in data.items()}
    if isinstance(data, list):
        return [tanpa_rahasia(v) for v in data]
    return data


def ringkas(data: Any) -> str:
    """A log excerpt of at most 4 KB (UTF-8 bytes), credentials removed: JSON keys naming a
    credential, `key=value` pairs of a form body or query string, and bearer/basic values."""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return _potong(_teks_tanpa_rahasia(data))
    text = json.dumps(tanpa_rahasia(data), ensure_ascii=False, default=str)
    return _potong(text)


# `password=…` in a form body or query string; `Bearer …` / `Basic …` anywhere in text. A key
# starts only after a non-key character, so a long run of letters is scanned once (linear).
_PASANGAN = re.compile(r"(?<![\w.-])(?P<kunci>[\w.-]+)=(?P<nilai>[^&\s]*)")
_SKEMA = re.compile(r"\b(?P<skema>bearer|basic)\s+[\w\-.~+/=]+", re.IGNORECASE)


def _teks_tanpa_rahasia(text: str) -> str:
    text = text[: RINGKAS_MAKS * 2]  # the excerpt is cut to 4 KB anyway
    text = _PASANGAN.sub(
        lambda m: f"{m['kunci']}=***" if _RAHASIA.search(m["kunci"]) else m[0], text
    )
    return _SKEMA.sub(lambda m: f"{m['skema']} ***", text)


def _potong(text: str) -> str:
    """At most RINGKAS_MAKS bytes of UTF-8, never cutting a character in half."""
    data = text.encode("utf-8")
    if len(data) <= RINGKAS_MAKS:
        return text
    return data[:RINGKAS_MAKS].decode("utf-8", errors="ignore")
