"""The two tokens: cached per instansi, refreshed early, a 401 refreshes both and retries
once; missing configuration gives an Indonesian message, never a crash. Plus the pure code
tables and payload mapping."""

import datetime as dt

import pytest

from kinerja.integrasi.http import GalatIntegrasi
from kinerja.integrasi.siasn import client, kode, payload
from kinerja.integrasi.siasn.adapter import Adapter
from kinerja.integrasi.siasn.client import KonfigurasiKurang

pytestmark = pytest.mark.django_db


def token_requests(siasn):  # type: ignore[no-untyped-def]
    return [r.path.rsplit("/", 1)[-1] for r in siasn.log if r.path.endswith("token")]


def test_token_disimpan_di_cache_dan_header_keduanya(org, siasn):
    siasn.muat(unor=[{"Id": "U1", "NamaUnor": "Dinas"}])
    adapter = Adapter.dari_env(org.instansi)
    for _ in range(3):
        assert adapter.tarik_unor()[0]["Id"] == "U1"
    assert len(token_requests(siasn)) == 2  # one gateway, one SSO, reused
    api = [r for r in siasn.log if "ref-unor" in r.path]
    assert api[0].headers["authorization"].startswith("Bearer gateway-")
    assert api[0].headers["auth"].startswith("bearer sso-")
    # another instansi has its own tokens
    from tests.conftest import build_org

    Adapter.dari_env(build_org("B").instansi).tarik_unor()
    assert len(token_requests(siasn)) == 4


def test_token_diperbarui_lebih_awal(org, siasn, monkeypatch):
    sekarang = [1_000_000.0]
    monkeypatch.setattr(client, "jam", lambda: sekarang[0])
    klien = Adapter.dari_env(org.instansi).klien
    pertama = klien.token("gateway")  # life 3600 s: refreshed below 720 s left
    sekarang[0] += 2800  # 800 s left
    assert klien.token("gateway") == pertama
    sekarang[0] += 100  # 700 s left (< 20 %)
    assert klien.token("gateway") != pertama
    sso = klien.token("sso")  # life 12 h: 20 % = 8640 s
    sekarang[0] += 43200 - 8000
    assert klien.token("sso") != sso


def test_401_memperbarui_kedua_token_dan_mengulang_sekali(org, siasn):
    adapter = Adapter.dari_env(org.instansi)
    adapter.tarik_unor()
    siasn.kedaluwarsakan()  # SIASN forgot them before their time
    adapter.tarik_unor()
    assert len(token_requests(siasn)) == 4
    assert [r.path.endswith("ref-unor") for r in siasn.log].count(True) == 3


def test_token_sso_kedaluwarsa_401(org, siasn):
    siasn.umur_sso = 0.0  # every SSO token is dead on arrival
    with pytest.raises(GalatIntegrasi, match="walaupun baru diminta") as exc:
        Adapter.dari_env(org.instansi).tarik_unor()
    assert exc.value.penanggung_jawab == "Admin Instansi"
    assert [r.path.endswith("ref-unor") for r in siasn.log].count(True) == 2  # retried once


def test_gangguan_sementara_diklasifikasikan(org, siasn):
    adapter = Adapter.dari_env(org.instansi)
    adapter.tarik_unor()
    for fault, kode_galat in (("gagal", "http_503"), ("timeout", "timeout"), ("putus", "koneksi")):
        getattr(siasn, fault)(1)
        with pytest.raises(GalatIntegrasi) as exc:
            adapter.tarik_unor()
        assert exc.value.sementara and exc.value.kode == kode_galat
    siasn.lambat(0.1)  # slow but within the timeout: fine
    assert adapter.tarik_unor() == []


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"KINERJA_SIASN_URL": ""}, "KINERJA_SIASN_URL belum diisi"),
        ({"KINERJA_SIASN_KREDENSIAL_FILE": ""}, "KINERJA_SIASN_KREDENSIAL_FILE"),
        ({"KINERJA_SIASN_KREDENSIAL_FILE": "/tidak/ada.json"}, "tidak dapat dibaca"),
    ],
)
def test_konfigurasi_kurang_pesan_jelas(org, siasn, settings, ubah, pesan):
    for k, v in ubah.items():
        setattr(settings, k, v)
    with pytest.raises(KonfigurasiKurang, match=pesan):
        Adapter.dari_env(org.instansi)


def test_kredensial_instansi_tidak_ada(siasn, other_org, settings, tmp_path):
    berkas = tmp_path / "k.json"
    berkas.write_text(
        '{"ORGA": {"consumer_key": "x", "consumer_secret": "", "username": "u", "password": "p"}}'
    )
    settings.KINERJA_SIASN_KREDENSIAL_FILE = str(berkas)
    with pytest.raises(KonfigurasiKurang, match="instansi ORGB belum ada"):
        client.muat_kredensial("ORGB")
    with pytest.raises(KonfigurasiKurang, match="consumer_secret kosong"):
        client.muat_kredensial("ORGA")


# --- pure mapping ------------------------------------------------------------------------


PENILAI = {
    "nama": "Kasi A",
    "nip": "197001041993041004",
    "pangkat_golongan": "Penata, III/c",
    "jabatan": "Kepala Seksi A",
    "unit": "Seksi A",
}


def hasil(**over):  # type: ignore[no-untyped-def]
    data = {
        "jenis_periode": "Triwulanan",
        "tahun": 2026,
        "mulai": dt.date(2026, 4, 1),
        "selesai": dt.date(2026, 6, 30),
        "rating_hasil_kerja": "Di Atas Ekspektasi",
        "rating_perilaku": "Sesuai Ekspektasi",
        "predikat": "Baik",
        "penilai": PENILAI,
        "jenjang": "Ahli Muda",
        "pns_id": "pns-1",
        **over,
    }
    return payload.Hasil(**data)


def test_kode_tabel():
    assert [
        kode.rating(r) for r in ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi")
    ] == [1, 2, 3]
    assert [
        kode.kuadran(p)
        for p in ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang")
    ] == [1, 2, 3, 4, 5]
    assert kode.periodik("Bulanan") == 1 and kode.periodik("Triwulanan") == 2
    with pytest.raises(kode.KodeTidakDikenal, match="Semesteran"):
        kode.periodik("Semesteran")
    assert str(kode.KOEFISIEN["Ahli Madya"]) == "37.5" and str(kode.KOEFISIEN["Pemula"]) == "3.75"
    assert kode.koefisien_id(None) == "" and kode.koefisien_id("Ahli Muda")
    assert kode.golongan("Penata, III/c") == "III/c" and kode.golongan("IX") == "IX"
    assert kode.status_penilai("197001041993041004") == "ASN"
    assert kode.status_penilai("") == "NON ASN"


def test_payload_periodik_dan_tahunan():
    jenis, data = payload.buat(hasil())
    assert jenis == "periodik"
    assert data["periodikId"] == 2 and data["bulanMulaiPenilaian"] == 4
    assert data["bulanSelesaiPenilaian"] == 6 and data["tahunSelesaiPenilaian"] == 2026
    assert (data["hasilKinerjaNilai"], data["perilakuKerjaNilai"], data["kuadranKinerjaNilai"]) == (
        1,
        2,
        2,
    )
    assert data["koefisienId"] == kode.KOEFISIEN_ID["Ahli Muda"] and data["pnsDinilaiId"] == "pns-1"
    assert data["penilaiGolongan"] == "III/c" and data["statusPenilai"] == "ASN"
    assert data["penilaiJabatanNama"] == "Kepala Seksi A"
    jenis, data = payload.buat(
        hasil(
            jenis_periode="Tahunan",
            penilai={},
            predikat="Sangat Kurang",
            rating_hasil_kerja="Di Bawah Ekspektasi",
            rating_perilaku="Di Bawah Ekspektasi",
        )
    )
    assert jenis == "tahunan" and data["pnsDinilaiOrang"] == "pns-1"
    assert data["statusPenilai"] == "NON ASN" and data["kuadranKinerjaNilai"] == 5
    assert "periodikId" not in data
    assert payload.sama("tahunan", data, {**data, "id": "x"})
    assert not payload.sama("tahunan", data, {**data, "kuadranKinerjaNilai": 4})
    assert not payload.bisa_dikirim("Semesteran")
