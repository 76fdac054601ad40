"""The integration core (kinerja.integrasi): FakeServer over real HTTP, the failure classes of
http.panggil, credential-free 4-KB excerpts, and the sync log written by log.catat."""

import json
import time
from collections.abc import Iterator

import pytest
import requests
from django.test import override_settings

from kinerja.integrasi import http
from kinerja.integrasi.fake import FakeServer, Permintaan
from kinerja.integrasi.http import GalatIntegrasi, panggil, ringkas, sesi, tanpa_rahasia
from kinerja.integrasi.log import catat
from kinerja.integrasi.models import (
    Arah,
    LogSinkron,
    PenanggungJawab,
    Sistem,
    StatusSinkron,
)
from tests.conftest import Org

CEPAT = (1.0, 0.5)  # (connect, read) seconds


def _fake() -> FakeServer:
    fake = FakeServer()
    fake.tunda_timeout = 1.2

    @fake.route("GET", r"/pns/data-utama/(?P<nip>\d+)")
    def data_utama(req: Permintaan):  # type: ignore[no-untyped-def]
        return 200, {"nip": req.params["nip"], "q": req.query.get("q", "")}

    @fake.route("POST", r"/simpan")
    def simpan(req: Permintaan):  # type: ignore[no-untyped-def]
        return 201, {"diterima": req.json()}, {"X-Id": "7"}

    @fake.route("POST", r"/token")
    def token(req: Permintaan):  # type: ignore[no-untyped-def]
        return 200, {"grant": req.form().get("grant_type", "")}

    @fake.route("GET", r"/teks")
    def teks(req: Permintaan):  # type: ignore[no-untyped-def]
        return 200, "halo"

    @fake.route("GET", r"/tolak")
    def tolak(req: Permintaan):  # type: ignore[no-untyped-def]
        return 422, {"message": "Field tahun wajib diisi"}

    @fake.route("GET", r"/rusak")
    def rusak(req: Permintaan):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug di fake")

    return fake


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    fake = _fake().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeServer) -> FakeServer:
    server.reset()
    return server


def _panggil(fake: FakeServer, path: str, method: str = "GET", **kw):  # type: ignore[no-untyped-def]
    with override_settings(KINERJA_HTTP_TIMEOUT=CEPAT):
        return panggil(sesi(), method, fake.url + path, sistem="SIASN", **kw)


# --- FakeServer routes ------------------------------------------------------------------------


def test_rute_dengan_parameter_query_dan_log(fake: FakeServer) -> None:
    assert fake.url.startswith("http://127.0.0.1:")
    r = _panggil(fake, "/pns/data-utama/199001012020121001?q=x", headers={"X-Coba": "1"})
    assert r.status_code == 200
    assert r.json() == {"nip": "199001012020121001", "q": "x"}
    [req] = fake.log
    assert (req.method, req.path) == ("GET", "/pns/data-utama/199001012020121001")
    assert req.headers["x-coba"] == "1"  # header names lower-case


def test_rute_post_json_form_teks_dan_header(fake: FakeServer) -> None:
    r = _panggil(fake, "/simpan", "POST", json={"tahun": 2026})
    assert (r.status_code, r.json(), r.headers["X-Id"]) == (201, {"diterima": {"tahun": 2026}}, "7")
    r = _panggil(fake, "/token", "POST", data={"grant_type": "client_credentials"})
    assert r.json() == {"grant": "client_credentials"}
    r = _panggil(fake, "/teks")
    assert (r.text, r.headers["Content-Type"]) == ("halo", "text/plain; charset=utf-8")
    assert [q.path for q in fake.log] == ["/simpan", "/token", "/teks"]


def test_rute_tidak_dikenal_dan_metode_salah_404(fake: FakeServer) -> None:
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/tidak-ada")
    assert (info.value.kode, info.value.status, info.value.sementara) == ("http_404", 404, False)
    assert "tidak ada rute GET /tidak-ada" in info.value.pesan
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/simpan")  # only POST is routed
    assert info.value.status == 404


def test_bug_di_fake_menjadi_500_bukan_hang(fake: FakeServer) -> None:
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/rusak")
    assert (info.value.kode, info.value.sementara) == ("http_500", True)
    assert "bug di fake" in info.value.pesan


def test_reset_melupakan_log_dan_gangguan(fake: FakeServer) -> None:
    _panggil(fake, "/teks")
    fake.gagal(3)
    fake.lambat(5)
    fake.timeout(2)
    fake.putus(2)
    fake.reset()
    assert fake.log == []
    assert _panggil(fake, "/teks").text == "halo"


# --- Fault switches seen through http.panggil ---------------------------------------------


def test_gagal_5xx_sementara_sebanyak_n_lalu_pulih(fake: FakeServer) -> None:
    fake.gagal(2, 503)
    for _ in range(2):
        with pytest.raises(GalatIntegrasi) as info:
            _panggil(fake, "/teks")
        e = info.value
        assert (e.kode, e.status, e.sementara) == ("http_503", 503, True)
        assert "SIASN menolak permintaan (HTTP 503): Gangguan layanan (simulasi)" in e.pesan
        assert e.pesan.endswith("Akan dicoba lagi.")
        assert "Gangguan layanan" in e.jawaban
    assert _panggil(fake, "/teks").text == "halo"
    assert len(fake.log) == 3


def test_gagal_429_sementara_4xx_lain_permanen(fake: FakeServer) -> None:
    fake.gagal(1, 429)
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/teks")
    assert (info.value.kode, info.value.sementara) == ("http_429", True)
    fake.gagal(1, 400)
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/teks")
    assert (info.value.kode, info.value.sementara) == ("http_400", False)
    assert not info.value.pesan.endswith("Akan dicoba lagi.")


def test_penolakan_membawa_alasan_sistem(fake: FakeServer) -> None:
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/tolak")
    e = info.value
    assert (e.kode, e.sementara) == ("http_422", False)
    assert e.pesan == "SIASN menolak permintaan (HTTP 422): Field tahun wajib diisi"
    assert json.loads(e.jawaban) == {"message": "Field tahun wajib diisi"}


def test_timeout_sementara(fake: FakeServer) -> None:
    fake.timeout(1)
    mulai = time.perf_counter()
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/teks")
    assert time.perf_counter() - mulai < 1.1  # the read timeout, not the fake's hang
    e = info.value
    assert (e.kode, e.sementara, e.status) == ("timeout", True, None)
    assert e.pesan == "SIASN tidak menjawab dalam 0.5 detik; akan dicoba lagi."
    assert _panggil(fake, "/teks").text == "halo"  # one request only


def test_putus_koneksi_sementara(fake: FakeServer) -> None:
    fake.putus(1)
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/teks")
    assert (info.value.kode, info.value.sementara) == ("koneksi", True)
    assert info.value.pesan == "Tidak dapat terhubung ke SIASN; akan dicoba lagi."
    assert _panggil(fake, "/teks").text == "halo"


def test_server_mati_koneksi_sementara() -> None:
    fake = _fake().start()
    url = fake.url
    fake.stop()
    with override_settings(KINERJA_HTTP_TIMEOUT=CEPAT), pytest.raises(GalatIntegrasi) as info:
        panggil(sesi(), "GET", url + "/teks", sistem="Ruang GTK")
    assert (info.value.kode, info.value.sementara) == ("koneksi", True)
    assert "Ruang GTK" in info.value.pesan


def test_lambat_di_bawah_dan_di_atas_batas_baca(fake: FakeServer) -> None:
    fake.lambat(0.1)
    assert _panggil(fake, "/teks").text == "halo"
    fake.lambat(0.9)
    with pytest.raises(GalatIntegrasi) as info:
        _panggil(fake, "/teks")
    assert info.value.kode == "timeout"
    fake.lambat(0)
    assert _panggil(fake, "/teks").text == "halo"


def test_timeout_eksplisit_mengalahkan_setting(fake: FakeServer) -> None:
    fake.lambat(0.2)
    with override_settings(KINERJA_HTTP_TIMEOUT=(0.5, 0.05)):
        assert panggil(sesi(), "GET", fake.url + "/teks", sistem="X", timeout=(0.5, 1)).ok
        with pytest.raises(GalatIntegrasi):
            panggil(sesi(), "GET", fake.url + "/teks", sistem="X")


def test_sesi_punya_user_agent() -> None:
    s = sesi()
    assert isinstance(s, requests.Session)
    assert s.headers["User-Agent"].startswith("Kinerja")


# --- Excerpts without credentials --------------------------------------------------------


def test_tanpa_rahasia_mengganti_nilai_kredensial_bertingkat() -> None:
    data = {
        "access_token": "abc",
        "Password": "p",
        "client_secret": "s",
        "Authorization": "Bearer x",
        "Auth": "bearer y",
        "author": "Budi",  # not a credential
        "daftar": [{"refresh_token": "r", "nip": "1"}],
        "kredensial": {"a": 1},
    }
    bersih = tanpa_rahasia(data)
    assert bersih == {
        "access_token": "***",
        "Password": "***",
        "client_secret": "***",
        "Authorization": "***",
        "Auth": "***",
        "author": "Budi",
        "daftar": [{"refresh_token": "***", "nip": "1"}],
        "kredensial": "***",
    }
    assert data["access_token"] == "abc"  # a copy


def test_ringkas_json_bytes_dan_teks() -> None:
    assert json.loads(ringkas(b'{"password": "p", "tahun": 2026}')) == {
        "password": "***",
        "tahun": 2026,
    }
    assert json.loads(ringkas({"token": "t"})) == {"token": "***"}
    assert ringkas("bukan json") == "bukan json"
    form = ringkas("grant_type=password&username=op&password=Rahasia1&client_secret=zz")
    assert "Rahasia1" not in form and "zz" not in form
    assert form == "grant_type=password&username=op&password=***&client_secret=***"
    header = ringkas("Authorization: Bearer eyJhbGci.abc-def; Auth: bearer qwe")
    assert "eyJhbGci" not in header and "qwe" not in header


def test_ringkas_maksimal_4kb() -> None:
    panjang = ringkas({"data": "x" * 10_000})
    assert len(panjang.encode()) == http.RINGKAS_MAKS == 4096
    lebar = ringkas("é" * 5000)  # two bytes each: never half a character
    assert len(lebar.encode()) <= 4096 and lebar == "é" * 2048
    assert ringkas(b"\xff\xfeabc").endswith("abc")  # undecodable bytes do not raise


def test_ringkas_teks_besar_cepat() -> None:
    mulai = time.perf_counter()
    hasil = ringkas("a" * 1_000_000 + "&password=x")
    assert time.perf_counter() - mulai < 0.5  # linear, whatever an error page holds
    assert len(hasil) == 4096


# --- The sync log ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_catat_berhasil(org: Org) -> None:
    with catat(
        instansi_id=org.instansi.pk,
        sistem=Sistem.SIASN,
        arah=Arah.KIRIM,
        operasi="kirim_skp22",
        aktor=org.admin,
        ref="x" * 300,
    ) as log:
        assert LogSinkron.objects.get().status == StatusSinkron.BERJALAN
        log.jumlah = 3
        log.permintaan = ringkas({"token": "t"})
    log = LogSinkron.objects.get()
    assert (log.status, log.jumlah, log.aktor, log.kode_galat) == (
        StatusSinkron.BERHASIL,
        3,
        org.admin,
        "",
    )
    assert log.selesai_at is not None and log.selesai_at >= log.mulai_at
    assert len(log.ref) == 128
    assert log.permintaan == '{"token": "***"}'


@pytest.mark.django_db
def test_catat_status_dari_blok_dipertahankan(org: Org) -> None:
    with catat(
        instansi_id=org.instansi.pk, sistem=Sistem.RUANG_GTK, arah=Arah.IMPOR, operasi="impor"
    ) as log:
        log.status = StatusSinkron.SEBAGIAN
        log.penanggung_jawab = PenanggungJawab.KEPALA_SEKOLAH
    log.refresh_from_db()
    assert (log.status, log.penanggung_jawab, log.aktor) == (
        StatusSinkron.SEBAGIAN,
        PenanggungJawab.KEPALA_SEKOLAH,
        None,
    )


@pytest.mark.django_db
def test_catat_galat_integrasi_gagal_dengan_penanggung_jawab(org: Org) -> None:
    galat = GalatIntegrasi(
        "SIASN menolak: NIP penilai tidak dikenal.",
        kode="http_422",
        sementara=False,
        penanggung_jawab=PenanggungJawab.PENILAI,
        status=422,
        jawaban='{"message": "x"}',
    )
    with (
        pytest.raises(GalatIntegrasi),
        catat(
            instansi_id=org.instansi.pk,
            sistem=Sistem.SIASN,
            arah=Arah.KIRIM,
            operasi="kirim_skp22",
            aktor=org.admin,
        ),
    ):
        raise galat
    log = LogSinkron.objects.get()
    assert (log.status, log.kode_galat, log.penanggung_jawab) == (
        StatusSinkron.GAGAL,
        "http_422",
        PenanggungJawab.PENILAI,
    )
    assert log.pesan == "SIASN menolak: NIP penilai tidak dikenal."
    assert log.jawaban == '{"message": "x"}' and log.selesai_at is not None


@pytest.mark.django_db
def test_catat_galat_tanpa_penanggung_jawab_memakai_isian_blok(org: Org) -> None:
    with (
        pytest.raises(GalatIntegrasi),
        catat(
            instansi_id=org.instansi.pk, sistem=Sistem.SIASN, arah=Arah.TARIK, operasi="tarik"
        ) as log,
    ):
        log.penanggung_jawab = PenanggungJawab.BKN
        raise GalatIntegrasi("timeout", kode="timeout", sementara=True)
    log = LogSinkron.objects.get()
    assert (log.kode_galat, log.penanggung_jawab) == ("timeout", PenanggungJawab.BKN)


@pytest.mark.django_db
def test_catat_kesalahan_lain_internal_admin_sistem(org: Org) -> None:
    with (
        pytest.raises(KeyError),
        catat(instansi_id=None, sistem=Sistem.SSO, arah=Arah.MASUK, operasi="masuk"),
    ):
        raise KeyError("x")
    log = LogSinkron.objects.get()
    assert (log.status, log.kode_galat, log.penanggung_jawab, log.instansi_id) == (
        StatusSinkron.GAGAL,
        "internal",
        PenanggungJawab.ADMIN_SISTEM,
        None,
    )
    assert log.pesan == "Kesalahan internal Kinerja: KeyError."
