"""The saldo awal service: only the Admin Instansi of the pegawai's instansi, only JF pegawai,
not negative, not in the future; a refusal stores nothing; a change is audited and rebuilds the
pegawai's ledger."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.tindaklanjut.angkakredit import services
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit
from tests.factories import user_for
from tests.tindaklanjut.angkakredit.conftest import D, jadikan_jf

HARI = dt.date(2026, 5, 20)


def stored():
    return (
        list(SaldoAngkaKredit.objects.values_list("ak_awal", "tanggal_mulai", "keterangan")),
        AuditEvent.objects.count(),
        AngkaKredit.objects.count(),
    )


@pytest.mark.parametrize(
    ("ak", "tanggal", "pesan"),
    [
        (D("-0.001"), dt.date(2026, 1, 1), "Angka kredit awal tidak boleh negatif."),
        (D("10"), dt.date(2026, 5, 21), "Tanggal mulai tidak boleh di masa depan."),
        (D("10"), None, "Tanggal mulai (TMT) angka kredit awal wajib diisi."),
        (D("1.0005"), dt.date(2026, 1, 1), "paling banyak tiga angka di belakang koma"),
        ("abc", dt.date(2026, 1, 1), "harus berupa angka"),
        (D("NaN"), dt.date(2026, 1, 1), "harus berupa angka"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(org, ak, tanggal, pesan):
    jadikan_jf(org.staf)
    before = stored()
    with pytest.raises(DomainError, match=pesan.replace("(", r"\(").replace(")", r"\)")):
        services.atur_saldo(org.admin, org.staf, ak_awal=ak, tanggal_mulai=tanggal, hari_ini=HARI)
    assert stored() == before


def test_not_a_jf_pegawai(org):
    before = stored()
    with pytest.raises(DomainError, match="bukan pejabat fungsional"):
        services.atur_saldo(org.admin, org.staf, ak_awal=D("1"), tanggal_mulai=HARI, hari_ini=HARI)
    assert stored() == before


def test_only_the_admin_of_that_instansi(org, other_org):
    jadikan_jf(org.staf)
    before = stored()
    for actor in (other_org.admin, user_for(org.kasi)):
        with pytest.raises(PermissionDenied):
            services.atur_saldo(actor, org.staf, ak_awal=D("1"), tanggal_mulai=HARI, hari_ini=HARI)
    assert stored() == before


def test_set_then_change_is_audited(org):
    jadikan_jf(org.staf)
    services.atur_saldo(
        org.admin, org.staf, ak_awal=D("0"), tanggal_mulai=HARI, keterangan=" PAK 1 ", hari_ini=HARI
    )
    services.atur_saldo(
        org.admin, org.staf, ak_awal="45.5", tanggal_mulai=dt.date(2025, 1, 1), hari_ini=HARI
    )
    row = SaldoAngkaKredit.objects.get()
    assert (row.ak_awal, row.tanggal_mulai, row.diubah_oleh) == (
        D("45.5"),
        dt.date(2025, 1, 1),
        org.admin,
    )
    events = list(AuditEvent.objects.filter(action="angkakredit.saldo_diatur").order_by("id"))
    assert events[0].before is None and events[0].after["keterangan"] == "PAK 1"
    assert events[1].before["ak_awal"] == "0.000" and events[1].after["ak_awal"] == "45.500"
