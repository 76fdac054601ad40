"""Login with SSO (OpenID Connect, authorization code + PKCE), ADR 0007 and integrations.md §2.

mozilla-django-oidc does the protocol: the request view keeps state, nonce and the PKCE
verifier in the session (`oidc_states`), the backend exchanges the code, checks the RS256
id_token against the provider's JWKS and the nonce. What is ours:

- `NipOidcBackend` maps the NIP claim (`OIDC_NIP_CLAIM`; else `preferred_username` when it is an
  18-digit NIP) to the existing account with that NIP. It never creates accounts; an unknown
  NIP, an inactive account or pegawai, or a locked account is refused with a reason.
- `CallbackView` turns every failure (provider error, state not in the session, a refused code,
  a refused NIP) into a message on the login page instead of a bare redirect or a 400, audits
  `akun.sso_ditolak` and writes a `LogSinkron` row (sistem SSO, arah masuk) for the admin.
  A successful login is audited as `akun.masuk_sso` (who, from which provider subject); the
  sync log keeps only refusals, which are what an admin has to act on.
- Both views answer 404 while SSO is off (`OIDC_ENABLED`). Local NIP/password login is untouched.
"""

import logging
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from kinerja.accounts.models import User
from kinerja.core import audit
from kinerja.integrasi.log import catat
from kinerja.integrasi.models import Arah, PenanggungJawab, Sistem, StatusSinkron
from kinerja.org.nip import normalize_nip

LOGGER = logging.getLogger(__name__)

PESAN_TIDAK_TERDAFTAR = "NIP Anda belum terdaftar di e-Kinerja; hubungi Admin Instansi."
PESAN_NONAKTIF = "Akun e-Kinerja Anda nonaktif; hubungi Admin Instansi."
PESAN_TERKUNCI = (
    "Akun e-Kinerja Anda sedang dikunci karena terlalu banyak percobaan masuk yang gagal; "
    "coba lagi nanti atau hubungi Admin Instansi."
)
PESAN_TANPA_NIP = (
    "Penyedia SSO tidak mengirimkan NIP Anda, sehingga akun tidak dapat dikenali; "
    "hubungi Admin Instansi."
)
PESAN_STATE = (
    "Sesi login SSO tidak cocok atau sudah kedaluwarsa (misalnya halaman dibuka ulang atau "
    "dari tab lain); silakan klik tombol SSO sekali lagi."
)
PESAN_DIBATALKAN = "Login SSO dibatalkan atau ditolak oleh penyedia SSO; silakan coba lagi."
PESAN_KODE = "Penyedia SSO menolak kode login (kedaluwarsa atau sudah dipakai); silakan coba lagi."
PESAN_PENYEDIA = (
    "Penyedia SSO tidak dapat dihubungi atau jawabannya tidak sah; coba lagi nanti, atau masuk "
    "dengan NIP dan kata sandi."
)


@dataclass(frozen=True)
class Penolakan:
    kode: str  # stable code for the log: nip_tidak_terdaftar, akun_nonaktif, …
    pesan: str  # shown to the user
    penanggung_jawab: str = ""
    nip: str = ""
    user: User | None = None
    rincian: str = ""  # technical detail for the log, never shown to the user


ATRIBUT_PENOLAKAN = "_kinerja_sso_penolakan"


def _tolak(request: Any, penolakan: Penolakan) -> None:
    setattr(request, ATRIBUT_PENOLAKAN, penolakan)


def nip_dari_klaim(klaim: dict[str, Any]) -> str:
    """The NIP from OIDC_NIP_CLAIM; else preferred_username when it is 18 digits; else ""."""
    nip = normalize_nip(klaim.get(settings.OIDC_NIP_CLAIM) or "")
    if nip:
        return nip
    username = normalize_nip(klaim.get("preferred_username") or "")
    if len(username) == 18 and username.isascii() and username.isdigit():
        return username
    return ""


class NipOidcBackend(OIDCAuthenticationBackend):
    """OIDC login of an existing account, found by the NIP claim."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        # Never wait for the provider without a limit (mozilla's default timeout is None).
        if attr == "OIDC_TIMEOUT":
            return getattr(settings, "OIDC_TIMEOUT", settings.KINERJA_HTTP_TIMEOUT)
        return OIDCAuthenticationBackend.get_settings(attr, *args)

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        # mozilla checks signature, expiry and nonce; the audience is ours to check.
        aud = payload.get("aud")
        audiences = aud if isinstance(aud, list) else [aud]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("id_token bukan untuk klien ini (aud).")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return True  # the NIP is checked in get_or_create_user, with a reason

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        nip = nip_dari_klaim(claims)
        if not nip:
            return User.objects.none()
        return User.objects.filter(nip=nip).select_related("instansi", "pegawai")

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") and payload.get("sub") and userinfo["sub"] != payload["sub"]:
            raise SuspiciousOperation("sub userinfo berbeda dengan sub id_token.")
        klaim = {**payload, **userinfo}  # the NIP may be mapped into either
        nip = nip_dari_klaim(klaim)
        if not nip:
            _tolak(
                self.request,
                Penolakan(
                    "nip_tidak_ada",
                    PESAN_TANPA_NIP,
                    PenanggungJawab.ADMIN_SISTEM,
                    rincian=f"klaim '{settings.OIDC_NIP_CLAIM}' dan preferred_username "
                    "bukan NIP; periksa OIDC_NIP_CLAIM atau mapper penyedia",
                ),
            )
            return None
        user = self.filter_users_by_claims(klaim).first()
        if user is None:
            _tolak(
                self.request,
                Penolakan(
                    "nip_tidak_terdaftar",
                    PESAN_TIDAK_TERDAFTAR,
                    PenanggungJawab.ADMIN_INSTANSI,
                    nip=nip,
                ),
            )
            return None
        if not user.is_active or (user.pegawai is not None and not user.pegawai.aktif):
            _tolak(
                self.request,
                Penolakan(
                    "akun_nonaktif", PESAN_NONAKTIF, PenanggungJawab.ADMIN_INSTANSI, nip, user
                ),
            )
            return None
        if user.is_locked():
            _tolak(
                self.request,
                Penolakan(
                    "akun_terkunci", PESAN_TERKUNCI, PenanggungJawab.ADMIN_INSTANSI, nip, user
                ),
            )
            return None
        self.request.session["oidc_sub"] = str(klaim.get("sub", ""))[:255]
        return user

    def get_user(self, user_id: Any) -> Any:
        # mozilla's get_user skips the is_active check; a deactivated account must lose its
        # SSO session exactly like a password session.
        return ModelBackend.get_user(self, user_id)


# --- Services --------------------------------------------------------------------------------


@transaction.atomic
def catat_masuk_sso(user: User, sub: str) -> None:
    audit.record(
        user,
        "akun.masuk_sso",
        user,
        instansi=user.instansi,
        after={"sub": sub, "penyedia": settings.OIDC_OP_ISSUER},
    )


def catat_penolakan(penolakan: Penolakan) -> None:
    """Audit akun.sso_ditolak and write the sync log row (outside any transaction)."""
    user = penolakan.user
    instansi = user.instansi if user is not None else None
    with transaction.atomic():
        audit.record(
            None,
            "akun.sso_ditolak",
            user,
            instansi=instansi,
            object_type="" if user is not None else "accounts.User",
            object_repr="" if user is not None else penolakan.nip or "(tanpa NIP)",
            after={"nip": penolakan.nip, "alasan": penolakan.kode},
            reason=penolakan.pesan,
        )
    with catat(
        instansi_id=instansi.pk if instansi is not None else None,
        sistem=Sistem.SSO,
        arah=Arah.MASUK,
        operasi="masuk_sso",
        aktor=user,
        ref=penolakan.nip,
    ) as log:
        log.status = StatusSinkron.GAGAL
        log.kode_galat = penolakan.kode
        log.pesan = penolakan.pesan
        log.penanggung_jawab = penolakan.penanggung_jawab
        log.jawaban = penolakan.rincian[:4000]


# --- Views -----------------------------------------------------------------------------------


def _pastikan_aktif() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404


class MasukView(OIDCAuthenticationRequestView):
    """Starts the login at the provider (state, nonce, PKCE verifier kept in the session);
    a safe `next` is kept in the session too."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _pastikan_aktif()
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        _pastikan_aktif()
        self.request = request
        states = request.session.get("oidc_states")
        states = states if isinstance(states, dict) else {}
        state = request.GET.get("state", "")
        if request.GET.get("error"):
            if state in states:  # forget it: a replay must not reuse it
                del states[state]
                request.session.modified = True
            rincian = f"error={request.GET['error'][:64]}"
            return self._tolak(Penolakan("penyedia_menolak", PESAN_DIBATALKAN, rincian=rincian))
        if not state or state not in states or not request.GET.get("code"):
            return self._tolak(
                Penolakan("state_tidak_cocok", PESAN_STATE, rincian="state tidak ada di sesi")
            )
        entry = states.pop(state)
        request.session.modified = True
        request.session.save()
        # Reload the session from the store, as mozilla does: parallel tabs may have changed it.
        request.session = request.session.__class__(request.session.session_key)
        try:
            self.user = auth.authenticate(
                request=request,
                nonce=entry.get("nonce"),
                code_verifier=entry.get("code_verifier"),
            )
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            pesan = PESAN_KODE if status == 400 else PESAN_PENYEDIA
            kode = "kode_ditolak" if status == 400 else "penyedia_galat"
            rincian = (exc.response.text if exc.response is not None else str(exc))[:500]
            return self._tolak(
                Penolakan(kode, pesan, PenanggungJawab.ADMIN_SISTEM, rincian=f"{status} {rincian}")
            )
        except (requests.RequestException, SuspiciousOperation, ValueError) as exc:
            LOGGER.warning("SSO gagal: %s", exc)
            return self._tolak(
                Penolakan(
                    "penyedia_galat",
                    PESAN_PENYEDIA,
                    PenanggungJawab.ADMIN_SISTEM,
                    rincian=f"{type(exc).__name__}: {exc}"[:500],
                )
            )
        penolakan = getattr(request, ATRIBUT_PENOLAKAN, None)
        if self.user is None or not self.user.is_active:
            return self._tolak(
                penolakan
                or Penolakan(
                    "penyedia_galat",
                    PESAN_PENYEDIA,
                    PenanggungJawab.ADMIN_SISTEM,
                    rincian="id_token atau userinfo ditolak",
                )
            )
        catat_masuk_sso(self.user, request.session.get("oidc_sub", ""))
        return self.login_success()

    def _next(self) -> str:
        target = self.request.session.get("oidc_login_next") or ""
        if target and url_has_allowed_host_and_scheme(
            target, {self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return str(target)
        return ""

    @property
    def success_url(self) -> str:
        return self._next() or resolve_url(settings.LOGIN_REDIRECT_URL)

    def _tolak(self, penolakan: Penolakan) -> HttpResponse:
        target = self._next()
        if self.request.user.is_authenticated:
            auth.logout(self.request)
        catat_penolakan(penolakan)
        messages.error(self.request, penolakan.pesan)
        url = resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)
        if target:
            url += "?" + urlencode({"next": target})
        return HttpResponseRedirect(url)
