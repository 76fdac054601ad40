"""Which results a unit's kurva counts (kurva.py): a predikat kinerja organisasi covers its
unit and every sub-unit without one of its own; the instansi-wide distribution is the same as
unit by unit, in a constant number of queries."""

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from kinerja.core.permissions import DomainError
from kinerja.org.models import Instansi, Pegawai, UnitOrganisasi
from kinerja.org.services import rebuild_paths
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import aturan, kurva, services
from kinerja.penilaian.models import Evaluasi, KinerjaOrganisasi
from kinerja.perencanaan.models import Skp
from tests.factories import InstansiFactory, UserFactory, next_nip
from tests.penilaian.conftest import TAHUN, periode

PREDIKAT = aturan.Predikat.values
ORG = aturan.PredikatOrganisasi.values


# --- Builders: rows straight into the tables (the kurva reads, it never checks who rated) ------


class Pohon:
    """An instansi with a unit tree and evaluations placed at will."""

    def __init__(self, kode: str = "K") -> None:
        self.instansi: Instansi = InstansiFactory(kode=f"KRV{kode}")
        self.units: dict[str, UnitOrganisasi] = {}
        self.induk: dict[int, int | None] = {}
        self._skp: Skp | None = None

    def unit(self, nama: str, induk: str | None = None, **kw: Any) -> UnitOrganisasi:
        parent = self.units[induk] if induk else None
        row = UnitOrganisasi.objects.create(
            instansi=self.instansi,
            kode=f"{self.instansi.kode}-{nama}",
            nama=nama,
            induk=parent,
            **kw,
        )
        self.units[nama] = row
        self.induk[row.pk] = parent.pk if parent else None
        return row

    def selesai(self) -> None:
        rebuild_paths(self.instansi.pk)
        for row in self.units.values():
            row.refresh_from_db(fields=["path"])

    def periode(self, nomor: int = 1) -> PeriodePenilaian:
        return periode(self.instansi.pk, nomor=nomor)

    def organisasi(self, nama: str, predikat: str, periode_: PeriodePenilaian) -> Any:
        return KinerjaOrganisasi.objects.create(
            instansi=self.instansi,
            unor=self.units[nama],
            periode=periode_,
            predikat=predikat,
            ditetapkan_at=timezone.now(),
        )

    def evaluasi(
        self, unit: UnitOrganisasi | None, predikat: str, periode_: PeriodePenilaian, **kw: Any
    ) -> list[Evaluasi]:
        """`n` evaluations (default 1), each of a new pegawai; `predikat` "" for unrated."""
        n = kw.pop("n", 1)
        people = Pegawai.objects.bulk_create(
            Pegawai(
                instansi=self.instansi,
                nip=next_nip(),
                nama=f"P{i}",
                jenis_asn="PNS",
                jenis_kelamin="L",
                tanggal_lahir=dt.date(1985, 1, 1),
                unor=unit,
            )
            for i in range(n)
        )
        skp = self._skp_any(people[0])
        return Evaluasi.objects.bulk_create(
            Evaluasi(
                instansi=self.instansi,
                pegawai=p,
                skp=skp,
                skp_mulai=dt.date(TAHUN, 1, 1),
                periode=periode_,
                unor=unit,
                predikat=predikat,
                rating_hasil_kerja="x" if predikat else "",
                rating_perilaku="x" if predikat else "",
                **kw,
            )
            for p in people
        )

    def _skp_any(self, pegawai: Pegawai) -> Skp:
        """The kurva never reads the SKP; every row may share one."""
        if self._skp is None:
            self._skp = Skp.objects.create(
                instansi=self.instansi,
                pegawai=pegawai,
                tahun=TAHUN,
                periode_mulai=dt.date(TAHUN, 1, 1),
                periode_selesai=dt.date(TAHUN, 12, 31),
                pendekatan="Kuantitatif",
            )
        return self._skp


@pytest.fixture
def pohon(db: None) -> Pohon:
    """Pemda > {Dinas > {Bidang > Seksi, Bidang2}, Badan}."""
    p = Pohon()
    p.unit("Pemda")
    p.unit("Dinas", "Pemda")
    p.unit("Bidang", "Dinas")
    p.unit("Seksi", "Bidang")
    p.unit("Bidang2", "Dinas")
    p.unit("Badan", "Pemda")
    p.selesai()
    return p


def jumlah(**counts: int) -> dict[str, int]:
    names = {
        "sb": "Sangat Baik",
        "b": "Baik",
        "bp": "Butuh Perbaikan",
        "k": "Kurang/Misconduct",
        "sk": "Sangat Kurang",
    }
    result = dict.fromkeys(PREDIKAT, 0)
    for key, n in counts.items():
        result[names[key]] = n
    return result


# --- Populations -----------------------------------------------------------------------------


def test_a_predikat_covers_the_subtree_without_own_predikat(pohon):
    u, tw1 = pohon.units, pohon.periode()
    dinas = pohon.organisasi("Dinas", "Baik", tw1)
    in_dinas = pohon.evaluasi(u["Dinas"], "Baik", tw1)
    in_seksi = pohon.evaluasi(u["Seksi"], "Sangat Baik", tw1)
    pohon.evaluasi(u["Badan"], "Baik", tw1)  # beside, not below
    pohon.evaluasi(u["Pemda"], "Baik", tw1)  # above
    pohon.evaluasi(u["Seksi"], "Baik", pohon.periode(2))  # another period
    pohon.evaluasi(None, "Baik", tw1)  # no unit recorded
    populasi = kurva.evaluasi_populasi(u["Dinas"], tw1)
    assert {e.pk for e in populasi} == {e.pk for e in in_dinas + in_seksi}
    assert kurva.distribusi(u["Dinas"], tw1) == jumlah(b=1, sb=1)
    assert kurva.hasil_unit(dinas).jumlah == jumlah(b=1, sb=1)


def test_a_sub_unit_with_its_own_predikat_leaves_the_parents_population(pohon):
    u, tw1 = pohon.units, pohon.periode()
    pohon.organisasi("Dinas", "Baik", tw1)
    pohon.organisasi("Bidang", "Istimewa", tw1)
    pohon.evaluasi(u["Dinas"], "Baik", tw1, n=2)
    pohon.evaluasi(u["Bidang2"], "Kurang/Misconduct", tw1)
    pohon.evaluasi(u["Bidang"], "Sangat Baik", tw1, n=3)
    pohon.evaluasi(u["Seksi"], "Sangat Baik", tw1)  # Seksi has none: counted in the Bidang
    assert kurva.distribusi(u["Dinas"], tw1) == jumlah(b=2, k=1)
    assert kurva.distribusi(u["Bidang"], tw1) == jumlah(sb=4)
    assert kurva.evaluasi_populasi(u["Seksi"], tw1).count() == 1  # its subtree, no own row
    # Nested: the Seksi gets its own, the Bidang keeps only its own pegawai.
    pohon.organisasi("Seksi", "Baik", tw1)
    assert kurva.distribusi(u["Bidang"], tw1) == jumlah(sb=3)
    assert kurva.distribusi(u["Seksi"], tw1) == jumlah(sb=1)
    assert kurva.distribusi(u["Dinas"], tw1) == jumlah(b=2, k=1)
    # The predikat of another period does not cut this one.
    pohon.organisasi("Bidang2", "Baik", pohon.periode(2))
    assert kurva.distribusi(u["Dinas"], tw1) == jumlah(b=2, k=1)


def test_the_distribution_counts_rated_drafts_and_finals_but_not_the_unrated(pohon):
    u, tw1 = pohon.units, pohon.periode()
    pohon.evaluasi(u["Dinas"], "Baik", tw1, status="Final")
    pohon.evaluasi(u["Dinas"], "Baik", tw1)
    pohon.evaluasi(u["Dinas"], "Sangat Kurang", tw1, status="Diubah")
    pohon.evaluasi(u["Dinas"], "", tw1, n=4)
    assert kurva.distribusi(u["Dinas"], tw1) == jumlah(b=2, sk=1)


def test_unit_paths_do_not_match_by_the_prefix_of_a_number(db):
    """/4242/ must not cover /42421/: the trailing slash of the path separates them."""
    p = Pohon("P")
    p.unit("Dinas", pk=4242)
    p.unit("Anak", "Dinas")
    p.unit("Lain", pk=42421)
    p.selesai()
    tw1 = p.periode()
    assert p.units["Lain"].path == "/42421/"
    p.evaluasi(p.units["Anak"], "Baik", tw1)
    p.evaluasi(p.units["Lain"], "Sangat Baik", tw1)
    assert kurva.distribusi(p.units["Dinas"], tw1) == jumlah(b=1)
    p.organisasi("Dinas", "Baik", tw1)
    assert kurva.organisasi_untuk(p.instansi.pk, p.units["Lain"].pk, tw1) is None


# --- The kurva check of finalisation ---------------------------------------------------------


def test_pastikan_kurva_checks_each_unit_concerned_once_in_mode_wajib(pohon):
    u, tw1 = pohon.units, pohon.periode()
    services.simpan_pengaturan(
        _admin(pohon),
        pohon.instansi.pk,
        mode_kurva="wajib",
        ukuran_unit_kecil=5,
        jendela_keberatan_hari=14,
        aturan_kurva={},
        pemetaan_jpt={},
    )
    pohon.organisasi("Dinas", "Istimewa", tw1)
    pohon.organisasi("Badan", "Istimewa", tw1)
    dinas = pohon.evaluasi(u["Seksi"], "Sangat Baik", tw1, n=5)  # 100% > 70%
    badan = pohon.evaluasi(u["Badan"], "Sangat Baik", tw1, n=3)  # small: advice only
    kurva.pastikan_kurva(badan)
    with pytest.raises(DomainError) as refused:
        kurva.pastikan_kurva(badan + dinas)
    message = str(refused.value)
    assert message.startswith("Kurva distribusi Dinas (predikat organisasi Istimewa)")
    assert (
        "Sangat Baik paling banyak 70%: saat ini 5 dari 5 orang, paling banyak 3 orang; " in message
    )
    assert "kurangi 2 orang." in message and "Badan" not in message
    Evaluasi.objects.filter(pk__in=[e.pk for e in dinas[:2]]).update(predikat="Baik")
    kurva.pastikan_kurva(dinas)
    kurva.pastikan_kurva([])


def test_pastikan_kurva_passes_anything_in_mode_peringatan(pohon):
    u, tw1 = pohon.units, pohon.periode()
    pohon.organisasi("Dinas", "Sangat Kurang", tw1)
    rows = pohon.evaluasi(u["Dinas"], "Sangat Baik", tw1, n=6)
    kurva.pastikan_kurva(rows)
    hasil = kurva.hasil_unit(KinerjaOrganisasi.objects.get())
    assert not hasil.terpenuhi and not hasil.menghalangi
    assert [p.aturan.teks for p in hasil.pelanggaran] == [
        "Sangat Kurang paling sedikit 60%",
        "Kurang/Misconduct + Butuh Perbaikan paling sedikit 10%",
        "Sangat Baik tidak boleh ada (0%)",
    ]


def test_panel_kurva_shows_the_effect_of_the_next_rating(pohon):
    u, tw1 = pohon.units, pohon.periode()
    org = pohon.organisasi("Dinas", "Baik", tw1)
    pohon.evaluasi(u["Bidang"], "Baik", tw1, n=2)
    pohon.evaluasi(u["Bidang"], "Butuh Perbaikan", tw1)
    panel = kurva.panel_kurva(org)
    assert panel.hasil.jumlah == jumlah(b=2, bp=1) and panel.hasil.terpenuhi
    assert panel.efek["Baik"].jumlah == jumlah(b=3, bp=1)
    assert not panel.efek["Baik"].terpenuhi  # 3 of 4 Baik > 70%
    assert panel.efek["Sangat Baik"].terpenuhi


def _admin(p: Pohon) -> Any:
    return UserFactory(instansi=p.instansi, is_admin_instansi=True)


# --- The instansi-wide distribution ----------------------------------------------------------


def pohon_acak(seed: int, n_units: int, n_eval: int) -> tuple[Pohon, list[PeriodePenilaian]]:
    """A random tree (each unit under an earlier one or at the top), random predikat
    organisasi on some units per period, and evaluations in random units (some unrated, some
    without a unit)."""
    rng = random.Random(seed)
    p = Pohon(f"R{seed}x{n_units}")
    names: list[str] = []
    for i in range(n_units):
        induk = rng.choice(names) if names and rng.random() < 0.85 else None
        names.append(f"U{i}")
        p.unit(names[-1], induk)
    p.selesai()
    periods = [p.periode(1), p.periode(2)]
    for per in periods:
        for name in rng.sample(names, k=max(1, n_units // 3)):
            p.organisasi(name, rng.choice(ORG), per)
    for _ in range(n_eval):
        unit = None if rng.random() < 0.05 else p.units[rng.choice(names)]
        predikat = rng.choice([*PREDIKAT, ""])
        p.evaluasi(unit, predikat, rng.choice(periods))
    return p, periods


def nearest_oracle(p: Pohon, per: PeriodePenilaian) -> dict[int, Counter[str]]:
    """Expected counts by walking parents in Python, independent of paths and queries."""
    owners = set(
        KinerjaOrganisasi.objects.filter(instansi=p.instansi, periode=per).values_list(
            "unor_id", flat=True
        )
    )
    expected: dict[int, Counter[str]] = {o: Counter() for o in owners}
    rows = Evaluasi.objects.filter(instansi=p.instansi, periode=per).exclude(predikat="")
    for unor_id, predikat in rows.values_list("unor_id", "predikat"):
        node = unor_id
        while node is not None and node not in owners:
            node = p.induk[node]
        if node is not None:
            expected[node][predikat] += 1
    return expected


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 7])
def test_distribusi_instansi_equals_the_units_one_by_one(db, seed):
    p, periods = pohon_acak(seed, n_units=14, n_eval=60)
    konfig = kurva.konfigurasi(p.instansi.pk)
    nested = 0
    for per in periods:
        rows = kurva.distribusi_instansi(p.instansi.pk, per)
        paths = [r.organisasi.unor.path for r in rows]
        nested += sum(1 for a in paths for b in paths if a != b and b.startswith(a))
        oracle = nearest_oracle(p, per)
        assert {r.organisasi.unor_id for r in rows} == set(oracle)
        for row in rows:
            unit = row.organisasi.unor
            assert row.hasil.jumlah == kurva.distribusi(unit, per), unit.nama
            assert row.hasil.jumlah == {x: oracle[unit.pk][x] for x in PREDIKAT}
            assert row.hasil.pelanggaran == kurva.hasil_unit(row.organisasi, konfig).pelanggaran
            populasi = kurva.evaluasi_populasi(unit, per).exclude(predikat="")
            assert populasi.count() == row.hasil.n
        assert paths == sorted(paths)  # along the tree, parents before children
    assert nested  # these seeds put a predikat inside another's subtree


def test_distribusi_instansi_is_empty_without_predikat_organisasi(pohon):
    pohon.evaluasi(pohon.units["Dinas"], "Baik", pohon.periode())
    assert kurva.distribusi_instansi(pohon.instansi.pk, pohon.periode()) == []


@pytest.mark.parametrize(("n_units", "n_eval"), [(3, 5), (30, 150)])
def test_distribusi_instansi_takes_a_constant_number_of_queries(
    db, django_assert_num_queries, n_units, n_eval
):
    p, periods = pohon_acak(7, n_units, n_eval)
    # Units, predikat organisasi (with their unit), one GROUP BY, the configuration.
    with django_assert_num_queries(4):
        rows = kurva.distribusi_instansi(p.instansi.pk, periods[0])
        assert sum(r.hasil.n for r in rows) <= n_eval
        assert all(r.organisasi.unor.nama for r in rows)


def test_distribusi_instansi_ignores_other_instansi(pohon):
    tw1 = pohon.periode()
    pohon.organisasi("Dinas", "Baik", tw1)
    pohon.evaluasi(pohon.units["Dinas"], "Baik", tw1, n=2)
    _, [other_tw1, _] = pohon_acak(9, n_units=5, n_eval=20)
    rows = kurva.distribusi_instansi(pohon.instansi.pk, tw1)
    assert [r.hasil.jumlah for r in rows] == [jumlah(b=2)]
    assert kurva.distribusi_instansi(pohon.instansi.pk, other_tw1) == []
