"""Login with SSO (OpenID Connect) against our test provider over real HTTP: the Django test
client plays the browser towards Kinerja, `requests` plays it towards the provider."""

import datetime as dt
import time
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts import oidc
from kinerja.accounts.models import User
from kinerja.accounts.oidc_fake import FakeOidc, s256
from kinerja.core.models import AuditEvent
from kinerja.integrasi.models import LogSinkron
from tests.conftest import PASSWORD, user_for

CALLBACK = "http://testserver/akun/sso/callback/"
NIP_ASING = "199001012020121001"


@pytest.fixture(scope="module")
def fake():
    server = FakeOidc(redirect_uris={CALLBACK}).start()
    yield server
    server.stop()


@pytest.fixture
def sso(fake, settings):
    fake.reset()
    for key, value in fake.pengaturan().items():
        setattr(settings, key, value)
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "kinerja.accounts.backends.NipBackend",
        "kinerja.accounts.oidc.NipOidcBackend",
    ]
    settings.KINERJA_HTTP_TIMEOUT = (0.5, 0.3)
    return fake


@pytest.fixture
def user(org) -> User:
    return user_for(org.staf)


def mulai(client: Client, fake: FakeOidc, next_url: str = "") -> str:
    """Click the SSO button and log in at the provider; return the callback URL (path+query)
    the provider redirects the browser to."""
    target = reverse("oidc:masuk") + (f"?next={quote(next_url)}" if next_url else "")
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(fake.url + "/realms/public-siasn/")
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    callback = urlsplit(at_provider.headers["Location"])
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == CALLBACK
    return f"{callback.path}?{callback.query}"


def masuk(client: Client, fake: FakeOidc, next_url: str = ""):
    return client.get(mulai(client, fake, next_url))


def user_id(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def pesan_di_login(client: Client, response) -> str:
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")
    return client.get(response["Location"]).content.decode()


def ditolak(kode: str) -> LogSinkron:
    log = LogSinkron.objects.get()
    assert (log.sistem, log.arah, log.operasi, log.status, log.kode_galat) == (
        "SSO",
        "masuk",
        "masuk_sso",
        "gagal",
        kode,
    )
    event = AuditEvent.objects.get(action="akun.sso_ditolak")
    assert event.after["alasan"] == kode
    return log


# --- success ---------------------------------------------------------------------------------


def test_sso_logs_in_the_account_of_the_nip_with_pkce(client, sso, user, org):
    user_for(org.kasi)  # another account: the NIP picks the right one
    users = User.objects.count()
    sso.masuk_sebagai(user.nip)
    response = masuk(client, sso, next_url="/skp/")
    assert response.status_code == 302 and response["Location"] == "/skp/"
    assert user_id(client) == user.pk
    assert client.get(reverse("home")).status_code == 200
    # PKCE S256 really happened: the verifier sent to /token matches the challenge at /auth.
    auth_req = next(r for r in sso.log if r.path.endswith("/auth"))
    token_req = next(r for r in sso.log if r.path.endswith("/token"))
    assert auth_req.query["code_challenge_method"] == "S256"
    assert s256(token_req.form()["code_verifier"]) == auth_req.query["code_challenge"]
    assert auth_req.query["nonce"] and auth_req.query["scope"] == "openid profile"
    event = AuditEvent.objects.get(action="akun.masuk_sso")
    assert (event.actor_id, event.instansi_id, event.after["sub"]) == (
        user.pk,
        org.instansi.pk,
        f"sub-{user.nip}",
    )
    assert not LogSinkron.objects.exists()
    assert User.objects.count() == users  # never creates accounts


def test_unsafe_next_goes_home(client, sso, user):
    sso.masuk_sebagai(user.nip)
    response = masuk(client, sso, next_url="https://jahat.example/curi")
    assert response["Location"] == reverse("home")
    assert user_id(client) == user.pk


def test_nip_from_preferred_username_when_no_nip_claim(client, sso, user):
    sso.masuk_sebagai(user.nip, nip=None)
    masuk(client, sso)
    assert user_id(client) == user.pk


def test_nip_claim_name_is_configurable(client, sso, user, settings):
    settings.OIDC_NIP_CLAIM = "nip_asn"
    sso.masuk_sebagai("x", nip=None, preferred_username="budi.s", nip_asn=user.nip)
    masuk(client, sso)
    assert user_id(client) == user.pk


def test_local_login_still_works_with_sso_on(client, sso, user):
    page = client.get("/akun/masuk/").content.decode()
    assert reverse("oidc:masuk") in page and "Masuk dengan SSO ASN" in page
    response = client.post("/akun/masuk/", {"nip": user.nip, "password": PASSWORD})
    assert response.status_code == 302 and user_id(client) == user.pk
    assert not sso.log  # the provider was not involved


def test_deactivated_account_loses_its_sso_session(client, sso, user):
    sso.masuk_sebagai(user.nip)
    masuk(client, sso)
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


# --- refusals --------------------------------------------------------------------------------


def test_unknown_nip_is_refused_with_the_message(client, sso, user):
    sso.masuk_sebagai(NIP_ASING)
    users = User.objects.count()
    response = masuk(client, sso, next_url="/skp/")
    assert response["Location"] == "/akun/masuk/?next=%2Fskp%2F"
    assert oidc.PESAN_TIDAK_TERDAFTAR in pesan_di_login(client, response)
    assert (
        oidc.PESAN_TIDAK_TERDAFTAR
    ) == "NIP Anda belum terdaftar di e-Kinerja; hubungi Admin Instansi."
    assert user_id(client) is None and User.objects.count() == users
    log = ditolak("nip_tidak_terdaftar")
    assert (log.ref, log.penanggung_jawab, log.instansi_id) == (NIP_ASING, "Admin Instansi", None)


@pytest.mark.parametrize(
    "keadaan,kode,pesan",
    [
        ("akun_nonaktif", "akun_nonaktif", oidc.PESAN_NONAKTIF),
        ("pegawai_nonaktif", "akun_nonaktif", oidc.PESAN_NONAKTIF),
        ("terkunci", "akun_terkunci", oidc.PESAN_TERKUNCI),
    ],
)
def test_inactive_or_locked_account_is_refused(client, sso, user, org, keadaan, kode, pesan):
    if keadaan == "akun_nonaktif":
        User.objects.filter(pk=user.pk).update(is_active=False)
    elif keadaan == "pegawai_nonaktif":
        type(org.staf).objects.filter(pk=org.staf.pk).update(aktif=False)
    else:
        until = timezone.now() + dt.timedelta(minutes=10)
        User.objects.filter(pk=user.pk).update(locked_until=until)
    sso.masuk_sebagai(user.nip)
    response = masuk(client, sso)
    assert pesan in pesan_di_login(client, response)
    assert user_id(client) is None
    log = ditolak(kode)
    assert (log.instansi_id, log.aktor_id, log.ref) == (org.instansi.pk, user.pk, user.nip)


def test_no_nip_in_the_claims_is_refused(client, sso, user):
    sso.masuk_sebagai(user.nip, nip=None, preferred_username="budi.santoso")
    response = masuk(client, sso)
    assert oidc.PESAN_TANPA_NIP in pesan_di_login(client, response)
    assert ditolak("nip_tidak_ada").penanggung_jawab == "Admin Sistem"


def test_tampered_state_is_refused(client, sso, user):
    sso.masuk_sebagai(user.nip)
    callback = mulai(client, sso)
    query = parse_qs(urlsplit(callback).query)
    palsu = urlencode({"code": query["code"][0], "state": query["state"][0] + "x"})
    response = client.get(f"{reverse('oidc:callback')}?{palsu}")
    assert oidc.PESAN_STATE in pesan_di_login(client, response)
    assert user_id(client) is None
    ditolak("state_tidak_cocok")
    assert not any(r.path.endswith("/token") for r in sso.log)  # never exchanged


def test_callback_in_another_browser_is_refused(client, sso, user):
    sso.masuk_sebagai(user.nip)
    callback = mulai(client, sso)
    other = Client()
    response = other.get(callback)
    assert oidc.PESAN_STATE in pesan_di_login(other, response)
    assert user_id(other) is None


def test_wrong_pkce_verifier_is_refused_by_the_provider(client, sso, user):
    sso.masuk_sebagai(user.nip)
    callback = mulai(client, sso)
    session = client.session
    for entry in session["oidc_states"].values():
        entry["code_verifier"] = "v" * 64
    session.save()
    response = client.get(callback)
    assert oidc.PESAN_KODE in pesan_di_login(client, response)
    assert user_id(client) is None
    log = ditolak("kode_ditolak")
    assert "PKCE verification failed" in log.jawaban


def test_reused_code_is_refused(client, sso, user):
    sso.masuk_sebagai(user.nip)
    callback = mulai(client, sso)
    assert client.get(callback).status_code == 302 and user_id(client) == user.pk
    client.post(reverse("accounts:logout"))
    # The same callback again: its state was used up in this session.
    response = client.get(callback)
    assert oidc.PESAN_STATE in pesan_di_login(client, response)
    # The same code with a fresh state of this session: the provider refuses the used code.
    LogSinkron.objects.all().delete()
    AuditEvent.objects.filter(action="akun.sso_ditolak").delete()
    fresh = parse_qs(urlsplit(mulai(client, sso)).query)["state"][0]
    old_code = parse_qs(urlsplit(callback).query)["code"][0]
    response = client.get(
        f"{reverse('oidc:callback')}?{urlencode({'code': old_code, 'state': fresh})}"
    )
    assert oidc.PESAN_KODE in pesan_di_login(client, response)
    assert user_id(client) is None
    assert "Code not valid" in ditolak("kode_ditolak").jawaban


def test_nonce_mismatch_is_refused(client, sso, user):
    sso.masuk_sebagai(user.nip)
    callback = mulai(client, sso)
    session = client.session
    for entry in session["oidc_states"].values():
        entry["nonce"] = "bukan-nonce-ini"
    session.save()
    response = client.get(callback)
    assert oidc.PESAN_PENYEDIA in pesan_di_login(client, response)
    assert user_id(client) is None
    assert "Nonce" in ditolak("penyedia_galat").jawaban


@pytest.mark.parametrize("gangguan", ["503", "timeout"])
def test_provider_failure_is_refused_quickly(client, sso, user, gangguan):
    sso.masuk_sebagai(user.nip)
    callback = mulai(client, sso)
    if gangguan == "503":
        sso.gagal(1, 503)
    else:
        sso.timeout(1)
    mulai_at = time.monotonic()
    response = client.get(callback)
    assert time.monotonic() - mulai_at < 2
    assert oidc.PESAN_PENYEDIA in pesan_di_login(client, response)
    assert user_id(client) is None
    assert ditolak("penyedia_galat").penanggung_jawab == "Admin Sistem"


def test_provider_error_answer_is_refused(client, sso, user):
    sso.masuk_sebagai(user.nip)
    state = parse_qs(urlsplit(mulai(client, sso)).query)["state"][0]
    response = client.get(
        f"{reverse('oidc:callback')}?{urlencode({'error': 'access_denied', 'state': state})}"
    )
    assert oidc.PESAN_DIBATALKAN in pesan_di_login(client, response)
    assert state not in client.session.get("oidc_states", {})
    ditolak("penyedia_menolak")


def test_id_token_for_another_client_is_refused(sso, db):
    backend = oidc.NipOidcBackend()
    now = int(time.time())
    klaim = {"sub": "s", "iss": sso.issuer, "iat": now, "exp": now + 60, "nonce": "n"}
    assert backend.verify_token(sso.id_token({**klaim, "aud": "kinerja"}), nonce="n")["sub"] == "s"
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(sso.id_token({**klaim, "aud": "aplikasi-lain"}), nonce="n")
    with pytest.raises(Exception, match="expired"):
        backend.verify_token(sso.id_token({**klaim, "aud": "kinerja", "exp": now - 60}), nonce="n")


# --- SSO off ---------------------------------------------------------------------------------


def test_sso_off_hides_the_button_and_the_views(client, db, settings):
    settings.OIDC_ENABLED = False
    page = client.get("/akun/masuk/").content.decode()
    assert "/akun/sso/" not in page and "SSO" not in page
    assert client.get(reverse("oidc:masuk")).status_code == 404
    assert client.get(reverse("oidc:callback") + "?code=a&state=b").status_code == 404


def test_sso_button_passes_next(client, sso):
    page = client.get("/akun/masuk/?next=/skp/").content.decode()
    assert f'action="{reverse("oidc:masuk")}"' in page and 'value="/skp/"' in page


# --- the provider itself ---------------------------------------------------------------------


def _auth_params(**over):
    params = {
        "response_type": "code",
        "client_id": "kinerja",
        "redirect_uri": CALLBACK,
        "scope": "openid profile",
        "state": "st/a+te",
        "nonce": "n1",
        "code_challenge": s256("v" * 50),
        "code_challenge_method": "S256",
    }
    params.update(over)
    return {k: v for k, v in params.items() if v is not None}


def _authorize(fake, **over):
    url = f"{fake.issuer}/protocol/openid-connect/auth"
    return requests.get(url, params=_auth_params(**over), allow_redirects=False, timeout=5)


def test_fake_enforces_pkce_client_and_redirect_uri(sso):
    sso.masuk_sebagai("198503122010011003")
    for over in ({"code_challenge": None}, {"code_challenge_method": "plain"}):
        answer = _authorize(sso, **over)
        query = parse_qs(urlsplit(answer.headers["Location"]).query)
        assert query["error"] == ["invalid_request"] and query["state"] == ["st/a+te"]
    assert _authorize(sso, client_id="lain").status_code == 400
    assert _authorize(sso, redirect_uri="http://jahat.example/cb").status_code == 400
    answer = _authorize(sso)
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["state"] == ["st/a+te"]  # passed back untouched
    token_url = f"{sso.issuer}/protocol/openid-connect/token"
    form = {
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "redirect_uri": CALLBACK,
        "client_id": "kinerja",
        "client_secret": "salah",
        "code_verifier": "v" * 50,
    }
    assert requests.post(token_url, data=form, timeout=5).status_code == 401
    form["client_secret"] = sso.client_secret
    bad_uri = requests.post(token_url, data={**form, "redirect_uri": CALLBACK + "x"}, timeout=5)
    assert bad_uri.json()["error_description"] == "Incorrect redirect_uri"
    # A refused exchange used the code up (single use).
    again = requests.post(token_url, data=form, timeout=5)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    query = parse_qs(urlsplit(_authorize(sso).headers["Location"]).query)
    form["code"] = query["code"][0]
    answer = requests.post(token_url, data=form, timeout=5)
    assert answer.status_code == 200
    tokens = answer.json()
    jwks = requests.get(f"{sso.issuer}/protocol/openid-connect/certs", timeout=5).json()
    import jwt

    key = jwt.PyJWK(jwks["keys"][0])
    claims = jwt.decode(tokens["id_token"], key, algorithms=["RS256"], audience="kinerja")
    assert (claims["nip"], claims["nonce"], claims["iss"]) == (
        "198503122010011003",
        "n1",
        sso.issuer,
    )
    info = requests.get(
        f"{sso.issuer}/protocol/openid-connect/userinfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=5,
    )
    assert info.json()["nip"] == "198503122010011003"
    assert requests.post(token_url, data=form, timeout=5).status_code == 400  # reused
    discovery = requests.get(f"{sso.issuer}/.well-known/openid-configuration", timeout=5).json()
    assert discovery["code_challenge_methods_supported"] == ["S256"]


def test_fake_without_chosen_user_shows_a_nip_form(sso):
    answer = _authorize(sso)
    assert answer.status_code == 200 and 'name="login_nip"' in answer.text
    url = f"{sso.issuer}/protocol/openid-connect/auth"
    posted = requests.post(
        url,
        data={**_auth_params(), "login_nip": "198503122010011003"},
        allow_redirects=False,
        timeout=5,
    )
    assert posted.status_code == 302 and "code=" in posted.headers["Location"]


def test_fake_oidc_command_prints_the_settings(monkeypatch):
    import io

    from django.core.management import call_command

    ports = []
    monkeypatch.setattr(FakeOidc, "serve_forever", lambda self, port: ports.append(port))
    out = io.StringIO()
    call_command("fake_oidc", "--port", "18099", stdout=out)
    assert ports == [18099]
    text = out.getvalue()
    assert "OIDC_RP_CLIENT_ID=kinerja" in text
    assert "OIDC_OP_ISSUER=http://127.0.0.1:18099/realms/public-siasn" in text


def test_sso_user_is_not_sent_to_change_a_local_temporary_password(client, sso, user):
    """The password lives at the provider; a local temporary one must not block SSO users,
    while a local login with it still must change it."""
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    sso.masuk_sebagai(user.nip)
    masuk(client, sso)
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    client.force_login(user, backend="kinerja.accounts.backends.NipBackend")
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
