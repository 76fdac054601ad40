"""The ledger follows the results through the penilaian services: finalising books the row in
the same transaction; a keberatan decided Diubah changes it (audited); Tetap changes nothing;
non-JF pegawai get nothing."""

import pytest

from kinerja.core.models import AuditEvent
from kinerja.penilaian import services as penilaian
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit
from tests.penilaian.test_access import Stage, build_stage
from tests.tindaklanjut.angkakredit.conftest import D, jadikan_jf

DI_ATAS, SESUAI = "Di Atas Ekspektasi", "Sesuai Ekspektasi"


@pytest.fixture
def stage(org) -> Stage:
    jadikan_jf(org.staf, "Ahli Muda")
    return build_stage(org)


def test_finalising_books_the_row(stage):
    rows = {r.evaluasi_id: r for r in AngkaKredit.objects.all()}
    # The two final triwulan of the staf; the annual draft and the others (not JF): nothing.
    assert set(rows) == {stage.ev_lalu.pk, stage.ev_kini.pk}
    row = rows[stage.ev_kini.pk]
    assert (row.predikat, row.bulan, row.nilai, row.versi) == ("Baik", 3, D("6.250"), 1)
    assert (row.koefisien, row.persentase, row.jenjang.nama) == (D("25"), D("100"), "Ahli Muda")
    audit = AuditEvent.objects.filter(action="angkakredit.dibukukan", object_id=str(row.pk)).get()
    assert audit.actor == stage.d.users["kasi"]
    assert "difinalkan" in audit.reason


def test_keberatan_diubah_changes_the_row_and_is_audited(stage):
    row = AngkaKredit.objects.get(evaluasi=stage.ev_lalu)
    kabid = stage.d.users["kabid"]
    penilaian.putuskan_keberatan(
        kabid,
        stage.k,
        "Diubah",
        "Bukti realisasi melampaui target.",
        rating_hasil_kerja=DI_ATAS,
        rating_perilaku=DI_ATAS,
    )
    row.refresh_from_db()
    assert (row.predikat, row.persentase, row.nilai, row.versi) == (
        "Sangat Baik",
        D("150"),
        D("9.375"),
        2,
    )
    audit = AuditEvent.objects.get(action="angkakredit.diubah", object_id=str(row.pk))
    assert audit.before["predikat"] == "Baik" and audit.after["predikat"] == "Sangat Baik"
    assert (audit.before["nilai"], audit.after["nilai"]) == ("6.250", "9.375")
    assert audit.actor == kabid


def test_keberatan_tetap_changes_nothing(stage):
    row = AngkaKredit.objects.get(evaluasi=stage.ev_lalu)
    before = AuditEvent.objects.filter(action__startswith="angkakredit.").count()
    penilaian.putuskan_keberatan(stage.d.users["kabid"], stage.k, "Tetap", "Sudah sesuai bukti.")
    assert AngkaKredit.objects.get(pk=row.pk).nilai == row.nilai
    assert AuditEvent.objects.filter(action__startswith="angkakredit.").count() == before


def test_finalising_the_annual_result_replaces_the_periodic_rows(stage):
    penilaian.finalkan(stage.d.users["kasi"], [stage.ev_tahunan])
    rows = {r.evaluasi_id: r for r in AngkaKredit.objects.all()}
    assert (rows[stage.ev_tahunan.pk].bulan, rows[stage.ev_tahunan.pk].nilai) == (12, D("25.000"))
    for ev in (stage.ev_lalu, stage.ev_kini):
        assert (rows[ev.pk].bulan, rows[ev.pk].nilai) == (0, D("0.000"))
        assert rows[ev.pk].keterangan == "Digantikan evaluasi tahunan"
    changed = AuditEvent.objects.filter(action="angkakredit.diubah")
    assert {a.object_id for a in changed} == {
        str(rows[stage.ev_lalu.pk].pk),
        str(rows[stage.ev_kini.pk].pk),
    }
