"""The numbers of each report on the small world of conftest.py, the follow-up rules, the
exports and the query counts. One world for the module (built through the services, the slow
part): each test gets a copy, rolled back after it, and checks several things of one report."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kinerja.org import services as org_services
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.laporan import grafik
from kinerja.tindaklanjut.laporan import selectors_hasil as sel_hasil
from kinerja.tindaklanjut.laporan import selectors_kepatuhan as sel_kepatuhan
from kinerja.tindaklanjut.laporan.akses import Cakupan, cakupan_of
from tests.conftest import build_org, login, user_for
from tests.factories import PegawaiFactory, place
from tests.penilaian.conftest import TAHUN
from tests.tindaklanjut.laporan.conftest import A, B, Dunia, buat_laporan

SB, BAIK, BP, SK = "Sangat Baik", "Baik", "Butuh Perbaikan", "Sangat Kurang"


def build_world() -> Dunia:
    return buat_laporan(build_org("A"))


@pytest.fixture
def dunia(world: Dunia) -> Dunia:
    return world


def seluruh(d: Dunia) -> Cakupan:
    return Cakupan(d.org.instansi.pk, True)


def nama(qs) -> list[str]:  # type: ignore[no-untyped-def]
    return [ev.pegawai.nama for ev in qs]


# --- Follow-up lists and the annual results ---------------------------------------------------


def test_follow_up_rules(dunia):
    """Below Baik: the final post-keberatan predikat, six months from the day it became final
    (the keberatan decision, else the finalisation). Sangat Baik: two consecutive years."""
    c = seluruh(dunia)
    rows = list(sel_hasil.perlu_perbaikan(c, B))
    assert nama(rows) == ["Kabid A", "Staf_Bidang A"]  # the kasi's BP became SB (Diubah)
    by_name = {ev.pegawai.nama: ev for ev in rows}
    kabid, staf_bidang = by_name["Kabid A"], by_name["Staf_Bidang A"]
    assert (kabid.predikat, kabid.status) == (SK, "Final")
    assert (staf_bidang.predikat, staf_bidang.status) == (BP, "Tetap")
    assert timezone.localtime(staf_bidang.final_pada).date() == dt.date(TAHUN, 1, 15)
    assert timezone.localtime(kabid.final_pada).date() == dt.date(TAHUN, 1, 10)
    assert sel_hasil.tambah_bulan(dt.date(TAHUN, 1, 15), 6) == dt.date(TAHUN, 7, 15)
    # The staf (SB in A and B) runs two years; the kasi has SB in B-2 and B, a gap in A.
    assert nama(sel_hasil.sangat_baik_berturut(c, B)) == ["Staf A"]
    assert nama(sel_hasil.sangat_baik_berturut(c, A)) == []  # nobody had SB in A-1 and A
    assert nama(sel_hasil.perlu_perbaikan(c, A)) == []
    # A unit filter narrows to a subtree.
    seksi = dunia.org.seksi.path
    assert nama(sel_hasil.perlu_perbaikan(c, B, seksi)) == []
    assert nama(sel_hasil.sangat_baik_berturut(c, B, seksi)) == ["Staf A"]


def test_a_later_skp_of_the_year_decides_the_annual_result(dunia):
    """Two annual results of one year (a penilai change mid-year): the latest SKP's counts."""
    ev = dunia.ev[f"kabid {B}"]
    Evaluasi.objects.filter(pk=ev.pk).update(skp_mulai=dt.date(B, 7, 1))
    other = Evaluasi.objects.get(pk=dunia.ev[f"staf_bidang {B}"].pk)
    # An earlier SKP of the kabid rated Sangat Baik in the same year does not hide the later.
    other.pk, other.pegawai_id, other.skp_mulai, other.predikat = (
        None,
        ev.pegawai_id,
        dt.date(B, 1, 1),
        SB,
    )
    other.save()
    c = seluruh(dunia)
    assert "Kabid A" in nama(sel_hasil.perlu_perbaikan(c, B))
    hasil = sel_hasil.predikat_tahunan_terakhir(c.instansi_id, [ev.pegawai_id])
    assert [(h.tahun, h.predikat) for h in hasil[ev.pegawai_id]] == [(B, SK)]


def test_predikat_tahunan_terakhir(dunia):
    o = dunia.org
    hasil = sel_hasil.predikat_tahunan_terakhir(o.instansi.pk)
    got = {pid: [(h.tahun, h.predikat, h.status) for h in rows] for pid, rows in hasil.items()}
    assert got == {
        o.staf.pk: [(B, SB, "Final"), (A, SB, "Final")],
        o.staf_bidang.pk: [(B, BP, "Tetap"), (A, SB, "Final")],
        o.kasi.pk: [(B, SB, "Diubah"), (TAHUN - 3, SB, "Final")],
        o.kabid.pk: [(B, SK, "Final")],
    }
    one = sel_hasil.predikat_tahunan_terakhir(o.instansi.pk, [o.staf.pk], n=1)
    assert [(h.tahun, h.predikat) for h in one[o.staf.pk]] == [(B, SB)]


def test_follow_up_pages_and_exports(client, dunia):
    login(client, dunia.org.admin)
    url = reverse("laporan:perbaikan")
    body = client.get(url).content.decode()  # the newest year with annual results: B
    assert f"Predikat di bawah Baik: {B}" in body
    assert "15 Juli" in body and "10 Juli" in body and "Staf A<" not in body
    response = client.get(reverse("laporan:perbaikan_ekspor"), {"tahun": B, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("NIP", "Nama", "Jabatan", "Pangkat/golongan", "Unit", f"Predikat {B}")
    assert [(r[0], r[1], r[5], r[8]) for r in rows[1:]] == [
        (dunia.org.kabid.nip, "Kabid A", SK, f"10 Juli {TAHUN}"),
        (dunia.org.staf_bidang.nip, "Staf_Bidang A", BP, f"15 Juli {TAHUN}"),
    ]
    assert sheet.cell(2, 1).data_type == "s"  # the NIP is text
    response = client.get(reverse("laporan:sangat_baik_ekspor"), {"tahun": B, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][:2] == [dunia.org.staf.nip, "Staf A"]
    assert client.get(url, {"format": "pdf"}).status_code == 200  # the page ignores it
    assert client.get(reverse("laporan:perbaikan_ekspor"), {"format": "pdf"}).status_code == 404


def test_layanan_search_filter_and_export(client, dunia):
    o = dunia.org
    login(client, o.admin)
    url = reverse("laporan:layanan")
    body = client.get(url, {"q": o.staf.nip[:10]}).content.decode()
    assert "Staf A" in body and "Kasi A" not in body
    assert f"{B}: {SB}" in body and f"{A}: {SB}" in body
    body = client.get(url, {"q": "kabid"}).content.decode()
    assert "Kabid A" in body and f"{B}: {SK}" in body and "Staf A" not in body
    body = client.get(url, {"unit": o.seksi.pk}).content.decode()
    assert "Staf A" in body and "Kasi A" in body and "Kabid A" not in body
    response = client.get(reverse("laporan:layanan_ekspor"), {"format": "csv", "unit": o.seksi.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [o.kasi.nip, o.staf.nip]
    assert rows[2][5:] == [str(B), SB, str(A), SB]
    response = client.get(reverse("laporan:layanan_ekspor"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 6 and all(sheet.cell(r, 1).data_type == "s" for r in range(2, 7))
    assert sheet.cell(2, 1).value == o.kabid.nip  # name order: Kabid, Kasi, Kepala, Staf, ...


# --- Kepatuhan -------------------------------------------------------------------------------


def test_kepatuhan_numbers(dunia):
    """Langsung di Dinas A: the kepala; Bidang A: the four others (their unit's subtree)."""
    c = seluruh(dunia)
    d = dunia
    periode = sel_kepatuhan.periode_tahun(c.instansi_id, TAHUN, dt.date(TAHUN, 12, 1))
    assert [str(p) for p in periode][:2] == [f"Triwulan I {TAHUN}", f"Triwulan II {TAHUN}"]
    data = sel_kepatuhan.hitung(c, TAHUN, periode)
    rows = {r.label: r for r in data.baris}
    assert list(rows) == ["Langsung di Dinas A", "Bidang A"]
    bidang, total = rows["Bidang A"], data.total
    assert (rows["Langsung di Dinas A"].pegawai, bidang.pegawai, total.pegawai) == (1, 4, 5)

    def sel(row, ukuran, p):  # type: ignore[no-untyped-def]
        return row.sel(ukuran, p.pk).jumlah

    assert [sel(bidang, u, d.tw1) for u in ("skp", "realisasi", "dinilai", "dokumen")] == [
        4,
        4,
        2,
        1,  # the staf_bidang's document was replaced
    ]
    # Triwulan II: one IKI of the staf without realisasi; nobody evaluated.
    assert [sel(bidang, u, d.tw2) for u in ("skp", "realisasi", "dinilai", "dokumen")] == [
        4,
        3,
        0,
        0,
    ]
    assert total.sel("dinilai", d.tw1.pk).persen == pytest.approx(40.0)
    # An inactive pegawai counts nowhere.
    type(d.org.staf_bidang).objects.filter(pk=d.org.staf_bidang.pk).update(aktif=False)
    again = sel_kepatuhan.hitung(c, TAHUN, periode)
    assert (again.total.pegawai, again.total.sel("dinilai", d.tw1.pk).jumlah) == (4, 1)


def test_kepatuhan_of_a_leader_is_their_units_below(dunia):
    """The kabid leads the bidang: rows for the seksi and the bidang's own pegawai."""
    c = cakupan_of(dunia.users["kabid"], dt.date.today())
    data = sel_kepatuhan.hitung(c, TAHUN, [dunia.tw1])
    got = {r.label: (r.pegawai, r.sel("dinilai", dunia.tw1.pk).jumlah) for r in data.baris}
    assert got == {"Langsung di Bidang A": (2, 1), "Seksi A": (2, 1)}


def test_kepatuhan_page_and_export(client, dunia):
    login(client, dunia.org.admin)
    body = client.get(reverse("laporan:kepatuhan"), {"ukuran": "dinilai"}).content.decode()
    assert "Sudah dinilai (final) per OPD" in body
    assert '<title id="tren-t">' in body and '<desc id="tren-d">' in body
    assert "50,0%" in body and "40,0%" in body
    response = client.get(reverse("laporan:kepatuhan_ekspor"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    first = [c.value for c in sheet[2]]
    assert first[:5] == ["Langsung di Dinas A", f"Triwulan I {TAHUN}", "1", "1", "100,0"]


# --- Distribusi ------------------------------------------------------------------------------


def test_distribusi_violations_first_and_small_multiples(client, dunia):
    login(client, dunia.org.admin)
    response = client.get(reverse("laporan:distribusi"), {"periode": dunia.tw1.pk})
    body = response.content.decode()
    # The bidang breaks "at least one Butuh Perbaikan or Kurang/Misconduct": it comes before
    # the dinas (nobody rated in its own population), although the dinas is above it.
    o = dunia.org
    assert body.index(f'id="unit-{o.bidang.pk}"') < body.index(f'id="unit-{o.dinas.pk}"')
    assert reverse("penilaian:kurva", args=[dunia.org.bidang.pk, dunia.tw1.pk]) in body
    assert "✗" in body and "1 belum memenuhi" in body
    kecil = dict(response.context["kecil"])
    assert kecil[dunia.tw1].n == 2
    assert [(k.predikat, k.jumlah) for k in kecil[dunia.tw1].kolom][:2] == [(SB, 1), (BAIK, 1)]
    assert kecil[dunia.tw2].n == 0


def test_batang_kurva_geometry():
    from kinerja.penilaian import aturan

    konfig = aturan.KonfigurasiKurva()
    jumlah = {SB: 8, BAIK: 2}
    hasil = aturan.nilai_kurva("Istimewa", jumlah, konfig)
    b = grafik.batang_kurva(hasil, konfig.aturan_untuk("Istimewa"))
    assert [round(s.lebar) for s in b.segmen] == [240, 60, 0, 0, 0]
    (pita,) = b.pita
    # Sangat Baik ≤ 70%: allowed 0..7 of 10; the unit is at 80%, broken.
    assert (pita.x_mulai, round(pita.x_akhir), round(pita.x_nilai)) == (4, 214, 244)
    assert not pita.terpenuhi and "belum memenuhi" in b.ringkasan
    assert grafik.kecil("X", {}).ringkasan == "X: belum ada pegawai yang dinilai."


# --- Access details the matrix does not show --------------------------------------------------


def test_leader_sees_only_their_subtree(client, dunia):
    login(client, dunia.users["kasi"])
    body = client.get(reverse("laporan:layanan")).content.decode()
    assert "Staf A" in body and "Kasi A" in body and "Kabid A" not in body
    body = client.get(reverse("laporan:perbaikan"), {"tahun": B}).content.decode()
    assert "Kabid A" not in body and "Staf_Bidang A" not in body


def test_plh_takes_over_the_units_reports(client, dunia):
    """A PLH on the seksi wins over the definitif kasi (org.atasan precedence)."""
    o = dunia.org
    plh = PegawaiFactory(instansi=o.instansi, nama="Plh A")
    place(plh, o.bidang, o.jabatan_staf, since=dt.date(2020, 1, 1))
    today = dt.date.today()
    org_services.tetapkan_penugasan_pimpinan(
        o.admin, plh, o.seksi, "PLH", today - dt.timedelta(days=2), today + dt.timedelta(days=2)
    )
    login(client, user_for(plh))
    assert client.get(reverse("laporan:layanan")).status_code == 200
    login(client, dunia.users["kasi"])
    assert client.get(reverse("laporan:layanan")).status_code == 404


# --- Query counts do not grow with rows -------------------------------------------------------


def _more_pegawai(d: Dunia, n: int) -> None:
    for k in range(n):
        p = PegawaiFactory(instansi=d.org.instansi, nama=f"Tambahan {k}")
        place(p, d.org.seksi, d.org.jabatan_staf, since=dt.date(2020, 1, 1))


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("laporan:distribusi", lambda d: {"periode": d.tw1.pk}),
        ("laporan:kepatuhan", lambda d: {}),
        ("laporan:perbaikan", lambda d: {"tahun": B}),
        ("laporan:sangat_baik", lambda d: {"tahun": B}),
        ("laporan:layanan", lambda d: {}),
    ],
)
def test_query_counts_are_pinned(client, dunia, django_assert_num_queries, name, params):
    login(client, dunia.org.admin)
    url = reverse(name)
    client.get(url, params(dunia))  # warm: sessions, periods made on first need
    cache.clear()  # the kepatuhan table is computed, not read from the cache
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(url, params(dunia)).status_code == 200
    _more_pegawai(dunia, 4)
    ev = Evaluasi.objects.get(pk=dunia.ev[f"kabid {B}"].pk)
    ev.pk, ev.pegawai_id = None, type(dunia.org.kasi).objects.get(nama="Tambahan 0").pk
    ev.save()  # one more row in the follow-up lists
    cache.clear()
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(url, params(dunia)).status_code == 200


# Session and user, then the report's own reads (the periods offered, the selectors' fixed
# queries, the unit filter, the capped count and the page): none per row.
QUERIES = {
    "laporan:distribusi": 11,
    "laporan:kepatuhan": 11,
    "laporan:perbaikan": 6,
    "laporan:sangat_baik": 7,
    "laporan:layanan": 6,
}
