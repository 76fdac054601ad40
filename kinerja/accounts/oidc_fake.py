"""Our own OpenID Connect provider for tests and the demo (ADR 0007), on FakeServer: a real HTTP
server on 127.0.0.1 with Keycloak's paths under /realms/<realm>/protocol/openid-connect.

What a real provider checks, this one checks too, so that the client's side of each rule is
tested: the client id and secret, the registered redirect_uri (authorize and token must agree),
PKCE with S256 only (a request without a code_challenge is refused), single-use codes that
expire, `state` passed back untouched, the `nonce` copied into an RS256 id_token signed with a
fresh RSA key published at /certs.

Who "logs in" at authorize is chosen by the test: `fake.masuk_sebagai(nip, **claims)`. Without
it (the manual demo, `manage.py fake_oidc`), authorize shows a small form asking for a NIP.

    fake = FakeOidc().start()
    with override_settings(**fake.pengaturan()): ...
"""

import base64
import hashlib
import html
import secrets
import threading
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from kinerja.integrasi.fake import FakeServer, Jawaban, Permintaan

UMUR_KODE = 60  # seconds a code may wait for the token request
UMUR_TOKEN = 300


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a verifier (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class FakeOidc(FakeServer):
    def __init__(
        self,
        realm: str = "public-siasn",
        client_id: str = "kinerja",
        client_secret: str = "rahasia-klien-uji",  # noqa: S107 - a test provider's secret
        redirect_uris: set[str] | None = None,
    ) -> None:
        self.realm, self.client_id, self.client_secret = realm, client_id, client_secret
        # None: any http(s) URL (the demo); tests may pin the registered callback.
        self.redirect_uris = redirect_uris
        self._kunci = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self._state_lock = threading.Lock()
        self._kode: dict[str, dict[str, Any]] = {}
        self._token: dict[str, dict[str, Any]] = {}
        self._masuk: dict[str, Any] | None = None
        super().__init__()
        dasar = f"/realms/{realm}/protocol/openid-connect"
        self.route("GET", rf"/realms/{realm}/\.well-known/openid-configuration")(self._discovery)
        self.route("GET", rf"{dasar}/auth")(self._authorize)
        self.route("POST", rf"{dasar}/auth")(self._authorize)
        self.route("POST", rf"{dasar}/token")(self._token_endpoint)
        self.route("GET", rf"{dasar}/userinfo")(self._userinfo)
        self.route("POST", rf"{dasar}/userinfo")(self._userinfo)
        self.route("GET", rf"{dasar}/certs")(self._certs)

    # --- test controls ----------------------------------------------------------------------
    def reset(self) -> None:
        super().reset()
        with self._state_lock:
            self._kode, self._token, self._masuk = {}, {}, None

    def masuk_sebagai(self, nip: str, /, **claims: Any) -> None:
        """The next authorize requests log in this person. Claims override the defaults
        (sub, nip, preferred_username, name); a claim given as None is left out."""
        klaim: dict[str, Any] = {
            "sub": f"sub-{nip}",
            "nip": nip,
            "preferred_username": nip,
            "name": f"Pengguna SSO {nip}",
        }
        klaim.update(claims)
        with self._state_lock:
            self._masuk = {k: v for k, v in klaim.items() if v is not None}

    @property
    def issuer(self) -> str:
        return f"{self.url}/realms/{self.realm}"

    def pengaturan(self) -> dict[str, Any]:
        """Django settings pointing the OIDC client at this provider."""
        dasar = f"{self.issuer}/protocol/openid-connect"
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{dasar}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{dasar}/token",
            "OIDC_OP_USER_ENDPOINT": f"{dasar}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{dasar}/certs",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{dasar}/logout",
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def id_token(self, klaim: dict[str, Any], **header: Any) -> str:
        """Sign claims with this provider's key (also for tests forging tokens)."""
        kepala = {"kid": self.kid, **header}
        return jwt.encode(klaim, self._kunci, algorithm="RS256", headers=kepala)

    # --- endpoints --------------------------------------------------------------------------
    def _discovery(self, req: Permintaan) -> Jawaban:
        dasar = f"{self.issuer}/protocol/openid-connect"
        return 200, {
            "issuer": self.issuer,
            "authorization_endpoint": f"{dasar}/auth",
            "token_endpoint": f"{dasar}/token",
            "userinfo_endpoint": f"{dasar}/userinfo",
            "jwks_uri": f"{dasar}/certs",
            "end_session_endpoint": f"{dasar}/logout",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "profile", "email"],
        }

    def _redirect_sah(self, uri: str) -> bool:
        if self.redirect_uris is not None:
            return uri in self.redirect_uris
        parts = urlsplit(uri)
        return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.fragment

    def _authorize(self, req: Permintaan) -> Jawaban:
        p = dict(req.query)
        if req.method == "POST":
            p.update(req.form())
        # Errors about the client or its redirect_uri are shown, never redirected (RFC 6749
        # §4.1.2.1): redirecting would hand the answer to an unregistered address.
        if p.get("client_id") != self.client_id:
            return 400, "Klien tidak dikenal."
        redirect_uri = p.get("redirect_uri", "")
        if not self._redirect_sah(redirect_uri):
            return 400, "redirect_uri tidak terdaftar untuk klien ini."

        def kembali(**hasil: str) -> Jawaban:
            if "state" in p:
                hasil["state"] = p["state"]
            pemisah = "&" if "?" in redirect_uri else "?"
            return 302, b"", {"Location": f"{redirect_uri}{pemisah}{urlencode(hasil)}"}

        if p.get("response_type") != "code" or "openid" not in p.get("scope", "").split():
            return kembali(error="invalid_request", error_description="response_type/scope")
        if not p.get("code_challenge") or p.get("code_challenge_method") != "S256":
            return kembali(error="invalid_request", error_description="PKCE S256 wajib")
        with self._state_lock:
            klaim = dict(self._masuk) if self._masuk is not None else None
        if klaim is None:
            nip = p.pop("login_nip", "").strip()
            if not nip:
                return 200, self._form_login(p), {"Content-Type": "text/html; charset=utf-8"}
            klaim = {
                "sub": f"sub-{nip}",
                "nip": nip,
                "preferred_username": nip,
                "name": f"Pengguna SSO {nip}",
            }
        kode = secrets.token_urlsafe(32)
        with self._state_lock:
            self._kode[kode] = {
                "redirect_uri": redirect_uri,
                "challenge": p["code_challenge"],
                "nonce": p.get("nonce"),
                "klaim": klaim,
                "sampai": time.time() + UMUR_KODE,
            }
        return kembali(code=kode)

    @staticmethod
    def _form_login(p: dict[str, str]) -> str:
        tersembunyi = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in p.items()
        )
        return (
            "<!doctype html><title>SSO uji</title><h1>Penyedia SSO uji (fake_oidc)</h1>"
            '<form method="post"><label>NIP <input name="login_nip" autofocus></label>'
            f"{tersembunyi}<button>Masuk</button></form>"
        )

    def _klien_sah(self, req: Permintaan, form: dict[str, str]) -> bool:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        auth = req.headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            try:
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            except ValueError:
                return False
        return client_id == self.client_id and secrets.compare_digest(
            str(secret or ""), self.client_secret
        )

    def _token_endpoint(self, req: Permintaan) -> Jawaban:
        form = req.form()
        if not self._klien_sah(req, form):
            return 401, {"error": "invalid_client", "error_description": "Invalid client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self._state_lock:
            data = self._kode.pop(form.get("code", ""), None)  # single use, even when refused
        if data is None or data["sampai"] < time.time():
            return 400, {"error": "invalid_grant", "error_description": "Code not valid"}
        if form.get("redirect_uri") != data["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "Incorrect redirect_uri"}
        verifier = form.get("code_verifier", "")
        if not (43 <= len(verifier) <= 128) or not secrets.compare_digest(
            s256(verifier), data["challenge"]
        ):
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        sekarang = int(time.time())
        klaim = data["klaim"]
        id_klaim = {
            **klaim,
            "iss": self.issuer,
            "aud": self.client_id,
            "azp": self.client_id,
            "iat": sekarang,
            "auth_time": sekarang,
            "exp": sekarang + UMUR_TOKEN,
        }
        if data["nonce"]:
            id_klaim["nonce"] = data["nonce"]
        akses = secrets.token_urlsafe(32)
        with self._state_lock:
            self._token[akses] = {"klaim": klaim, "sampai": sekarang + UMUR_TOKEN}
        return 200, {
            "access_token": akses,
            "token_type": "Bearer",
            "expires_in": UMUR_TOKEN,
            "id_token": self.id_token(id_klaim),
            "scope": "openid profile",
        }

    def _userinfo(self, req: Permintaan) -> Jawaban:
        auth = req.headers.get("authorization", "")
        akses = auth[7:] if auth.lower().startswith("bearer ") else ""
        with self._state_lock:
            data = self._token.get(akses)
        if data is None or data["sampai"] < time.time():
            tantangan = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            return 401, {"error": "invalid_token"}, tantangan
        return 200, data["klaim"]

    def _certs(self, req: Permintaan) -> Jawaban:
        jwk = RSAAlgorithm.to_jwk(self._kunci.public_key(), as_dict=True)
        return 200, {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}
