"""Ruang GTK import from files: preview writes nothing, apply writes all or nothing, re-import
updates and never duplicates, every error cause with who must fix it, imported rows refuse
edits through the real services, no evaluasi_final, angka kredit follows."""

import datetime as dt

import pytest

from kinerja.core import events
from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.integrasi.models import LogSinkron, PenanggungJawab, StatusSinkron
from kinerja.integrasi.ruanggtk import format as fmt
from kinerja.integrasi.ruanggtk import impor
from kinerja.integrasi.ruanggtk.models import ImporRuangGtk
from kinerja.org.models import JenjangFungsional, Pegawai, StatusImpor, UnitOrganisasi
from kinerja.pelaksanaan.models import Granularitas, PengaturanPeriode, PeriodePenilaian
from kinerja.penilaian import services as penilaian
from kinerja.penilaian.models import Evaluasi, RiwayatEvaluasi, StatusEvaluasi
from kinerja.perencanaan import services as perencanaan
from kinerja.perencanaan.models import (
    IndikatorKinerja,
    Intervensi,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
)
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit
from tests.factories import JabatanFactory, place
from tests.integrasi.ruanggtk.conftest import (
    RHK_KEPSEK,
    TAHUN,
    Sekolah,
    rec_hasil,
    rec_skp,
    rec_tahunan,
)

pytestmark = pytest.mark.django_db


def berkas(*catatan) -> bytes:  # type: ignore[no-untyped-def]
    return fmt.ke_baris(list(catatan))


def impor_dan_terapkan(s: Sekolah, *catatan) -> ImporRuangGtk:  # type: ignore[no-untyped-def]
    batch = impor.pratinjau(s.admin, s.org.instansi.pk, "gtk.jsonl", berkas(*catatan))
    assert batch.status == StatusImpor.PRATINJAU, batch.kesalahan
    return impor.terapkan(s.admin, batch)


def kesalahan_of(s: Sekolah, *catatan) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    batch = impor.pratinjau(s.admin, s.org.instansi.pk, "gtk.jsonl", berkas(*catatan))
    assert batch.status == StatusImpor.GAGAL_VALIDASI
    return batch.kesalahan


def satu(kesalahan: list[dict], kode: str) -> dict:  # type: ignore[type-arg]
    found = [e for e in kesalahan if e["kode"] == kode]
    assert found, kesalahan
    return found[0]


# --- preview and apply ---------------------------------------------------------------------


def test_pratinjau_tidak_menulis_apa_pun(sekolah: Sekolah) -> None:
    batch = impor.pratinjau(
        sekolah.admin,
        sekolah.org.instansi.pk,
        "../gtk.jsonl",
        berkas(rec_skp(sekolah), rec_hasil(sekolah), rec_tahunan(sekolah)),
    )
    assert (batch.status, batch.jumlah_baris, batch.nama_file) == (
        StatusImpor.PRATINJAU,
        3,
        "gtk.jsonl",
    )
    assert batch.ringkasan["skp"] == 1 and batch.ringkasan["catatan_valid"] == 3
    assert not Skp.objects.filter(pegawai=sekolah.guru).exists()
    assert not Evaluasi.objects.exists()
    log = LogSinkron.objects.get(operasi="pratinjau")
    assert (log.status, log.jumlah, log.ref, log.aktor) == (
        StatusSinkron.BERHASIL,
        3,
        f"impor:{batch.pk}",
        sekolah.admin,
    )
    assert AuditEvent.objects.filter(action="ruanggtk.pratinjau").count() == 1


def test_terapkan_menulis_skp_dan_hasil_bersumber_ruang_gtk(sekolah: Sekolah) -> None:
    batch = impor_dan_terapkan(sekolah, rec_skp(sekolah), rec_hasil(sekolah), rec_tahunan(sekolah))
    assert batch.status == StatusImpor.DITERAPKAN
    assert batch.ringkasan["skp_baru"] == 1 and batch.ringkasan["evaluasi_baru"] == 2
    skp = Skp.objects.get(pegawai=sekolah.guru)
    assert (skp.sumber, skp.status, skp.berlaku, skp.terkini, skp.revisi) == (
        "Ruang GTK",
        StatusSkp.DISETUJUI,
        True,
        True,
        1,
    )
    assert (skp.penilai_id, skp.atasan_penilai_id) == (
        sekolah.kepsek.pk,
        sekolah.skp_kepsek.penilai_id,
    )
    assert skp.snapshot["pegawai"]["nip"] == sekolah.guru.nip
    assert skp.snapshot["penilai"]["nama"] == sekolah.kepsek.nama_lengkap
    assert skp.snapshot["atasan_penilai"]["nip"] == sekolah.org.kabid.nip
    assert PerilakuKerja.objects.filter(skp=skp).count() == 7
    rhk = list(RencanaHasilKerja.objects.filter(skp=skp).order_by("urutan"))
    assert [r.jenis for r in rhk] == ["Utama", "Tambahan"]
    iki = list(IndikatorKinerja.objects.filter(rhk=rhk[0]).order_by("urutan"))
    assert [(i.aspek, str(i.target_min), str(i.target_max), i.satuan) for i in iki] == [
        ("Kuantitas", "4.00", "4.00", "Modul"),
        ("Kualitas", "75.00", "85.50", "%"),
    ]
    link = Intervensi.objects.get(rhk=rhk[0])
    assert link.rhk_atasan.rhk == RHK_KEPSEK and link.rhk_atasan.skp_id == sekolah.skp_kepsek.pk
    assert perencanaan.masalah_pengajuan(skp) == [
        "RHK 1 (Terlaksananya komunitas belajar) belum mengintervensi RHK pimpinan."
    ]
    tw1, tahunan = Evaluasi.objects.filter(pegawai=sekolah.guru).order_by("periode__selesai")
    assert (tw1.sumber, tw1.status, tw1.predikat, tw1.skp_id, tw1.versi) == (
        "Ruang GTK",
        StatusEvaluasi.FINAL,
        "Baik",
        skp.pk,
        1,
    )
    assert tw1.periode.jenis == "Triwulanan" and tahunan.periode.jenis == "Tahunan"
    assert tahunan.predikat == "Sangat Baik"
    assert tahunan.difinalkan_at == dt.datetime.fromisoformat(f"{TAHUN}-12-20T10:00:00+07:00")
    assert tw1.snapshot["skp"]["id"] == skp.pk and tw1.penilai_id == sekolah.kepsek.pk
    assert RiwayatEvaluasi.objects.filter(evaluasi=tw1, aksi="diimpor").count() == 1
    log = LogSinkron.objects.get(operasi="terapkan")
    assert log.status == StatusSinkron.BERHASIL and "SKP: 1 baru" in log.pesan
    assert AuditEvent.objects.filter(action="ruanggtk.diterapkan").count() == 1


def test_impor_ulang_tidak_menggandakan(sekolah: Sekolah) -> None:
    data = (rec_skp(sekolah), rec_hasil(sekolah), rec_tahunan(sekolah))
    impor_dan_terapkan(sekolah, *data)
    kunci = list(
        RencanaHasilKerja.objects.filter(skp__pegawai=sekolah.guru).values_list("kunci", flat=True)
    )
    kedua = impor_dan_terapkan(sekolah, *data)
    assert kedua.ringkasan["tetap"] == 3
    assert kedua.ringkasan["skp_baru"] == kedua.ringkasan["evaluasi_baru"] == 0
    assert Skp.objects.filter(pegawai=sekolah.guru).count() == 1
    assert Evaluasi.objects.filter(pegawai=sekolah.guru).count() == 2
    assert (
        list(
            RencanaHasilKerja.objects.filter(skp__pegawai=sekolah.guru).values_list(
                "kunci", flat=True
            )
        )
        == kunci
    )
    assert Intervensi.objects.filter(rhk__skp__pegawai=sekolah.guru).count() == 1


def test_impor_ulang_memperbarui_di_tempat(sekolah: Sekolah) -> None:
    impor_dan_terapkan(sekolah, rec_skp(sekolah), rec_hasil(sekolah))
    skp = Skp.objects.get(pegawai=sekolah.guru)
    utama = RencanaHasilKerja.objects.get(skp=skp, jenis="Utama")
    ubah = rec_skp(sekolah)
    ubah["rhk"] = [ubah["rhk"][0]]  # the Tambahan RHK dropped
    ubah["rhk"][0]["iki"][0]["target_max"] = 6
    batch = impor_dan_terapkan(sekolah, ubah, rec_hasil(sekolah, hasil="Di Atas Ekspektasi"))
    assert (batch.ringkasan["skp_diubah"], batch.ringkasan["evaluasi_diubah"]) == (1, 1)
    assert Skp.objects.get(pegawai=sekolah.guru).pk == skp.pk
    assert list(RencanaHasilKerja.objects.filter(skp=skp).values_list("kunci", flat=True)) == [
        utama.kunci
    ]
    assert IndikatorKinerja.objects.get(rhk=utama, urutan=1).target_max == 6
    ev = Evaluasi.objects.get(pegawai=sekolah.guru)
    assert (ev.predikat, ev.versi) == ("Sangat Baik", 2)
    assert RiwayatEvaluasi.objects.filter(evaluasi=ev, aksi="diimpor ulang").exists()


def test_catatan_terakhir_menggantikan_yang_lebih_awal(sekolah: Sekolah) -> None:
    batch = impor_dan_terapkan(
        sekolah,
        rec_skp(sekolah),
        rec_hasil(sekolah, hasil="Di Bawah Ekspektasi"),
        rec_hasil(sekolah, hasil="Di Atas Ekspektasi", perilaku="Di Atas Ekspektasi"),
    )
    assert batch.ringkasan["digantikan"] == 1
    assert Evaluasi.objects.get(pegawai=sekolah.guru).predikat == "Sangat Baik"


def test_skp_buatan_sini_menjadi_revisi_lama(sekolah: Sekolah) -> None:
    lokal = perencanaan.buat_skp(sekolah.users["staf"], TAHUN)
    impor_dan_terapkan(sekolah, rec_skp(sekolah))
    lokal.refresh_from_db()
    baru = Skp.objects.get(pegawai=sekolah.guru, sumber="Ruang GTK")
    assert (lokal.berlaku, lokal.terkini, lokal.sumber) == (False, False, "")
    assert (baru.revisi, baru.revisi_dari_id, baru.berlaku) == (2, lokal.pk, True)


def test_draf_penilaian_buatan_sini_diambil_alih(sekolah: Sekolah) -> None:
    impor_dan_terapkan(sekolah, rec_skp(sekolah))
    skp = Skp.objects.get(pegawai=sekolah.guru)
    tw1 = PeriodePenilaian.objects.get(instansi=sekolah.org.instansi, jenis="Triwulanan", nomor=1)
    Evaluasi.objects.create(
        instansi=sekolah.org.instansi,
        pegawai=sekolah.guru,
        skp=skp,
        skp_mulai=skp.periode_mulai,
        periode=tw1,
        rating_hasil_kerja="Di Bawah Ekspektasi",
    )
    impor_dan_terapkan(sekolah, rec_hasil(sekolah))
    ev = Evaluasi.objects.get(pegawai=sekolah.guru)
    assert (ev.sumber, ev.status, ev.predikat) == ("Ruang GTK", "Final", "Baik")


# --- imported rows are read-only through the real services -------------------------------


def test_skp_dan_hasil_impor_menolak_perubahan(sekolah: Sekolah) -> None:
    impor_dan_terapkan(sekolah, rec_skp(sekolah), rec_hasil(sekolah))
    skp = Skp.objects.get(pegawai=sekolah.guru)
    ev = Evaluasi.objects.get(pegawai=sekolah.guru)
    guru, kepsek = sekolah.users["staf"], sekolah.users["kasi"]
    with pytest.raises(DomainError, match="bersumber dari Ruang GTK"):
        perencanaan.simpan_rhk(guru, skp, rhk="RHK tambahan")
    with pytest.raises(DomainError, match="bersumber dari Ruang GTK"):
        perencanaan.buat_revisi(guru, skp)
    with pytest.raises(DomainError, match="bersumber dari Ruang GTK"):
        perencanaan.isi_ekspektasi(kepsek, PerilakuKerja.objects.filter(skp=skp).first(), "x")
    with pytest.raises(DomainError, match="bersumber dari Ruang GTK"):
        penilaian.nilai(kepsek, skp, ev.periode, rating_hasil_kerja="Di Atas Ekspektasi")
    with pytest.raises(DomainError, match="keberatan diajukan di Ruang GTK"):
        penilaian.ajukan_keberatan(guru, ev, "Alasan keberatan yang cukup panjang")
    ev.refresh_from_db()
    assert (ev.predikat, ev.versi) == ("Baik", 1)


# --- no evaluasi_final; angka kredit recomputed ------------------------------------------------


def test_tanpa_evaluasi_final_tetapi_angka_kredit_dihitung(sekolah: Sekolah) -> None:
    jenjang = JenjangFungsional.objects.get(nama="Ahli Pertama")
    guru_jf = JabatanFactory(
        instansi=sekolah.org.instansi,
        nama="Guru Ahli Pertama",
        jenis="Fungsional",
        kategori_fungsional="Keahlian",
        jenjang=jenjang,
    )
    place(sekolah.guru, sekolah.org.seksi, guru_jf, since=dt.date(2020, 1, 1))
    diterima = []

    def rekam(sender, **kw):  # type: ignore[no-untyped-def]
        diterima.append(kw)

    events.evaluasi_final.connect(rekam, dispatch_uid="uji-ruanggtk")
    try:
        impor_dan_terapkan(sekolah, rec_skp(sekolah), rec_hasil(sekolah))
    finally:
        events.evaluasi_final.disconnect(dispatch_uid="uji-ruanggtk")
    assert diterima == []
    ak = AngkaKredit.objects.get(pegawai=sekolah.guru)
    assert ak.evaluasi.sumber == "Ruang GTK"
    assert ak.nilai > 0 and ak.predikat == "Baik"


# --- every error cause, with who must fix it -----------------------------------------------


def test_nip_tidak_ditemukan(sekolah: Sekolah) -> None:
    e = satu(
        kesalahan_of(sekolah, rec_skp(sekolah, nip="199001012020121099")), "nip_tidak_ditemukan"
    )
    assert e["penanggung_jawab"] == PenanggungJawab.ADMIN_INSTANSI
    assert e["pesan"].startswith("NIP tidak ditemukan") and e["kolom"] == "nip"
    e = satu(
        kesalahan_of(sekolah, rec_skp(sekolah, nip_penilai="199001012020121099")),
        "nip_tidak_ditemukan",
    )
    assert e["kolom"] == "nip_penilai"
    Pegawai.objects.filter(pk=sekolah.guru.pk).update(aktif=False)
    satu(kesalahan_of(sekolah, rec_hasil(sekolah)), "nip_tidak_ditemukan")


def test_bukan_guru(sekolah: Sekolah) -> None:
    e = satu(kesalahan_of(sekolah, rec_skp(sekolah, nip=sekolah.org.staf_bidang.nip)), "bukan_guru")
    assert e["penanggung_jawab"] == PenanggungJawab.ADMIN_INSTANSI
    assert "tidak ditandai sebagai guru" in e["pesan"]


def test_unit_tidak_aktif(sekolah: Sekolah) -> None:
    UnitOrganisasi.objects.filter(pk=sekolah.org.seksi.pk).update(aktif=False)
    e = satu(kesalahan_of(sekolah, rec_hasil(sekolah)), "unit_tidak_aktif")
    assert e["penanggung_jawab"] == PenanggungJawab.ADMIN_INSTANSI
    assert e["pesan"].startswith("Unit tidak aktif") and sekolah.org.seksi.nama in e["pesan"]
    UnitOrganisasi.objects.filter(pk=sekolah.org.seksi.pk).update(aktif=True)
    e = satu(kesalahan_of(sekolah, rec_hasil(sekolah, kode_unor="TIDAK-ADA")), "unit_tidak_aktif")
    assert e["kolom"] == "kode_unor"


def test_skp_organisasi_belum_dibuat_oleh_atasan(sekolah: Sekolah) -> None:
    Skp.objects.filter(pk=sekolah.skp_kepsek.pk).update(status=StatusSkp.DIAJUKAN, berlaku=False)
    e = satu(kesalahan_of(sekolah, rec_skp(sekolah)), "skp_atasan_belum_ada")
    assert e["penanggung_jawab"] == PenanggungJawab.KEPALA_SEKOLAH
    assert e["pesan"].startswith("SKP organisasi belum dibuat oleh atasan")
    assert sekolah.kepsek.nip in e["pesan"]


def test_rhk_pimpinan_tidak_ada(sekolah: Sekolah) -> None:
    rec = rec_skp(sekolah)
    rec["rhk"][0]["rhk_pimpinan"] = "RHK yang tidak pernah dibuat"
    e = satu(kesalahan_of(sekolah, rec), "rhk_pimpinan_tidak_ada")
    assert e["penanggung_jawab"] == PenanggungJawab.KEPALA_SEKOLAH
    assert e["kolom"] == "rhk[1].rhk_pimpinan"


def test_periode_tidak_standar(sekolah: Sekolah) -> None:
    impor_dan_terapkan(sekolah, rec_skp(sekolah))
    semester = rec_hasil(sekolah, periode_mulai=f"{TAHUN}-01-01", periode_selesai=f"{TAHUN}-06-30")
    e = satu(kesalahan_of(sekolah, semester), "periode_tidak_standar")
    assert e["penanggung_jawab"] == PenanggungJawab.OPERATOR_RUANG_GTK
    assert e["pesan"].startswith("Periode tidak standar") and "Triwulanan" in e["pesan"]


def test_periode_instansi_semesteran_tidak_standar(sekolah: Sekolah) -> None:
    impor_dan_terapkan(sekolah, rec_skp(sekolah))
    PengaturanPeriode.objects.filter(instansi=sekolah.org.instansi).update(
        granularitas=Granularitas.SEMESTERAN
    )
    PeriodePenilaian.objects.filter(instansi=sekolah.org.instansi, jenis="Triwulanan").update(
        jenis="Semesteran"
    )
    e = satu(kesalahan_of(sekolah, rec_hasil(sekolah)), "periode_tidak_standar")
    assert e["penanggung_jawab"] == PenanggungJawab.ADMIN_INSTANSI
    assert "Bulanan atau Triwulanan" in e["pesan"]


def test_periode_belum_diatur(sekolah: Sekolah) -> None:
    e = satu(kesalahan_of(sekolah, rec_tahunan(sekolah, tahun=TAHUN + 1)), "periode_belum_diatur")
    assert e["penanggung_jawab"] == PenanggungJawab.ADMIN_INSTANSI


def test_skp_belum_diimpor(sekolah: Sekolah) -> None:
    e = satu(kesalahan_of(sekolah, rec_hasil(sekolah)), "skp_belum_diimpor")
    assert e["penanggung_jawab"] == PenanggungJawab.OPERATOR_RUANG_GTK


def test_hasil_final_buatan_sini_tidak_ditimpa(sekolah: Sekolah) -> None:
    impor_dan_terapkan(sekolah, rec_skp(sekolah))
    skp = Skp.objects.get(pegawai=sekolah.guru)
    tw1 = PeriodePenilaian.objects.get(instansi=sekolah.org.instansi, jenis="Triwulanan", nomor=1)
    Evaluasi.objects.create(
        instansi=sekolah.org.instansi,
        pegawai=sekolah.guru,
        skp=skp,
        skp_mulai=skp.periode_mulai,
        periode=tw1,
        rating_hasil_kerja="Sesuai Ekspektasi",
        rating_perilaku="Sesuai Ekspektasi",
        predikat="Baik",
        status=StatusEvaluasi.FINAL,
    )
    e = satu(kesalahan_of(sekolah, rec_hasil(sekolah)), "hasil_sudah_final")
    assert e["penanggung_jawab"] == PenanggungJawab.ADMIN_INSTANSI


def test_skp_bertumpang_tindih(sekolah: Sekolah) -> None:
    impor_dan_terapkan(sekolah, rec_skp(sekolah))
    geser = rec_skp(sekolah, periode_mulai=f"{TAHUN}-03-01")
    e = satu(kesalahan_of(sekolah, geser), "skp_bertumpang")
    assert e["penanggung_jawab"] == PenanggungJawab.ADMIN_INSTANSI


@pytest.mark.parametrize(
    ("ubah", "kolom", "pesan"),
    [
        ({"rating_hasil_kerja": "Baik Sekali"}, "rating_hasil_kerja", "harus persis salah satu"),
        ({"predikat": "Sangat Baik"}, "predikat", "tidak sesuai matriks"),
        ({"predikat": "Kurang"}, "predikat", "harus persis salah satu"),
        ({"nip": 199001012020121001}, "nip", "bukan angka"),
        ({"tahun": "2026"}, "tahun", "bilangan bulat"),
        ({"periode_mulai": "01-01-2026"}, "periode_mulai", "YYYY-MM-DD"),
        ({"difinalkan_at": "2026-04-01T10:00:00"}, "difinalkan_at", "dengan zona"),
    ],
)
def test_validasi_hasil(sekolah: Sekolah, ubah, kolom, pesan) -> None:  # type: ignore[no-untyped-def]
    e = satu(kesalahan_of(sekolah, rec_hasil(sekolah, **ubah)), "validasi")
    assert e["kolom"] == kolom and pesan in e["pesan"]
    assert e["penanggung_jawab"] == PenanggungJawab.OPERATOR_RUANG_GTK


def test_validasi_skp_target_dan_rhk(sekolah: Sekolah) -> None:
    rec = rec_skp(sekolah)
    rec["rhk"][0]["iki"][0].update(target_min=5, target_max=4)
    rec["rhk"][1]["iki"][0].pop("satuan")
    kesalahan = kesalahan_of(sekolah, rec, rec_skp(sekolah, rhk=[]), {"jenis": "lain"})
    pesan = {(e["baris"], e["kolom"]): e["pesan"] for e in kesalahan}
    assert "tidak boleh lebih besar" in pesan[1, "rhk[1].iki[1].target_min"]
    assert pesan[1, "rhk[2].iki[1].satuan"] == "satuan wajib diisi."
    assert "sedikitnya satu Rencana Hasil Kerja" in pesan[2, "rhk"]
    assert "Jenis catatan" in pesan[3, "jenis"]


def test_baris_bukan_json_dan_berkas_kosong(sekolah: Sekolah) -> None:
    batch = impor.pratinjau(sekolah.admin, sekolah.org.instansi.pk, "x.jsonl", b"{bukan json\n")
    assert batch.kesalahan[0]["pesan"].startswith("Baris ini bukan JSON")
    batch = impor.pratinjau(sekolah.admin, sekolah.org.instansi.pk, "x.jsonl", b"\n\n")
    assert batch.kesalahan[0]["pesan"] == "Berkas tidak berisi catatan."
    batch = impor.pratinjau(sekolah.admin, sekolah.org.instansi.pk, "x.jsonl", b"\xff\xfe")
    assert "UTF-8" in batch.kesalahan[0]["pesan"]


def test_log_pratinjau_menyebut_penanggung_jawab(sekolah: Sekolah) -> None:
    kesalahan_of(sekolah, rec_skp(sekolah, nip="199001012020121099"))
    log = LogSinkron.objects.get(operasi="pratinjau")
    assert (log.status, log.kode_galat, log.penanggung_jawab) == (
        StatusSinkron.SEBAGIAN,
        "validasi",
        PenanggungJawab.ADMIN_INSTANSI,
    )
    assert log.pesan == "1 kesalahan perlu diperbaiki: 1 oleh Admin Instansi."


# --- all or nothing ------------------------------------------------------------------------


def test_terapkan_memeriksa_ulang_semua_atau_tidak_sama_sekali(sekolah: Sekolah) -> None:
    batch = impor.pratinjau(
        sekolah.admin,
        sekolah.org.instansi.pk,
        "gtk.jsonl",
        berkas(rec_skp(sekolah), rec_hasil(sekolah)),
    )
    assert batch.status == StatusImpor.PRATINJAU
    Skp.objects.filter(pk=sekolah.skp_kepsek.pk).update(berlaku=False)
    with pytest.raises(DomainError, match="1 kesalahan; tidak ada yang diimpor"):
        impor.terapkan(sekolah.admin, batch)
    batch.refresh_from_db()
    assert batch.status == StatusImpor.GAGAL_VALIDASI
    assert batch.kesalahan[0]["kode"] == "skp_atasan_belum_ada"
    assert not Skp.objects.filter(pegawai=sekolah.guru).exists()
    assert not Evaluasi.objects.exists()
    with pytest.raises(DomainError, match="memiliki kesalahan"):
        impor.terapkan(sekolah.admin, batch)
    log = LogSinkron.objects.filter(operasi="terapkan").order_by("id")
    assert [r.status for r in log] == [StatusSinkron.SEBAGIAN, StatusSinkron.GAGAL]


def test_batalkan_dan_tidak_bisa_diterapkan_dua_kali(sekolah: Sekolah) -> None:
    batch = impor_dan_terapkan(sekolah, rec_skp(sekolah))
    with pytest.raises(DomainError, match="sudah diterapkan"):
        impor.terapkan(sekolah.admin, batch)
    with pytest.raises(DomainError, match="tidak dapat dibatalkan"):
        impor.batalkan(sekolah.admin, batch)
    kedua = impor.pratinjau(
        sekolah.admin, sekolah.org.instansi.pk, "g.jsonl", berkas(rec_skp(sekolah))
    )
    impor.batalkan(sekolah.admin, kedua)
    kedua.refresh_from_db()
    assert kedua.status == StatusImpor.DIBATALKAN


def test_hanya_admin_instansi_ini(sekolah: Sekolah, other_org) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        impor.pratinjau(
            other_org.admin, sekolah.org.instansi.pk, "g.jsonl", berkas(rec_skp(sekolah))
        )
    with pytest.raises(PermissionDenied):
        impor.pratinjau(sekolah.users["staf"], sekolah.org.instansi.pk, "g.jsonl", b"")


# --- the documented format --------------------------------------------------------------------


def test_skema_dokumen_sama_dan_contoh_sah() -> None:
    import json
    from pathlib import Path

    import jsonschema

    from kinerja.integrasi.ruanggtk.skema import CONTOH, SKEMA

    path = Path(__file__).resolve().parents[3] / "docs/integrasi/ruang-gtk.schema.json"
    assert json.loads(path.read_text()) == SKEMA
    jsonschema.Draft202012Validator.check_schema(SKEMA)
    validator = jsonschema.Draft202012Validator(SKEMA)
    for rec in CONTOH:
        assert not list(validator.iter_errors(rec))
    assert list(validator.iter_errors({**CONTOH[1], "predikat": "Kurang"})) != []
    bacaan = fmt.baca(fmt.ke_baris(CONTOH))
    assert (len(bacaan.catatan), bacaan.kesalahan) == (3, [])
