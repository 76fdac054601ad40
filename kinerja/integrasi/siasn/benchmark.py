"""SIASN figure for `manage.py benchmark`: push JUMLAH (10,000) final results of the benchmark
instansi (kode demo.KOTA.kode) to a FakeSiasn on 127.0.0.1 with `worker.sapu(paralel=8)`:
claim, upload the signed PDF (upload-dok-rw), save (skp22 / kinerjaperiodik), mark terkirim,
with the tokens cached. Goal: < 2 minutes (> 83 results/s). The fake runs in its own process
(fake.ProsesFake): SIASN is another machine, its parsing must not take the sweep's GIL.

Documents: rendering and signing 10,000 real PDFs would take far longer than the push itself
(dokumen benchmark: ~0.3 s each), so the results measured here get `Dokumen` rows that SHARE
ONE real signed PDF (one rendered and signed for the first result, or an existing one): the
upload reads and sends a real file each time, only the rendering is skipped. Everything made
here (queue rows, documents, identities, log rows) is deleted again.

Figures: siasn_kirim_<n>_<label> s, siasn_kirim_<n>_<label>_per_detik results/s."""

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef
from django.test import override_settings
from django.utils import timezone

from kinerja.integrasi.models import LogSinkron, Sistem
from kinerja.integrasi.siasn import payload, services, worker
from kinerja.integrasi.siasn.fake import BASE, SSO, TOKEN, ProsesFake
from kinerja.integrasi.siasn.models import IdentitasSiasn, KirimanSiasn, StatusKiriman
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.tindaklanjut.dokumen import services as dokumen
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen

Figure = Callable[[str, float, str], None]
JUMLAH = 10_000


def _pilih(instansi_id: int, jumlah: int) -> list[Evaluasi]:
    sudah = KirimanSiasn.objects.filter(instansi_id=instansi_id, evaluasi_id=OuterRef("pk"))
    return list(
        Evaluasi.objects.filter(instansi_id=instansi_id, status__in=SUDAH_FINAL, sumber="")
        .exclude(Exists(sudah))
        .select_related("periode", "pegawai__jabatan__jenjang")
        .order_by("-id")[: jumlah * 2]
    )


def _dokumen_bersama(instansi_id: int, evs: list[Evaluasi]) -> tuple[str, str, list[int]]:
    """(file name, sha256, ids of Dokumen rows made): one real signed PDF for every result
    without a document of its version."""
    contoh = (
        Dokumen.objects.filter(instansi_id=instansi_id, jenis=JenisDokumen.EVALUASI)
        .exclude(berkas="")
        .first()
    )
    dibuat: list[int] = []
    if contoh is None:  # a real one, kept afterwards: it is that result's own document
        contoh = dokumen.terbitkan_evaluasi(None, evs[0])
    punya = set(
        Dokumen.objects.filter(
            instansi_id=instansi_id, evaluasi_id__in=[e.pk for e in evs]
        ).values_list("evaluasi_id", "versi_sumber")
    )
    now = timezone.now()
    rows = [
        Dokumen(
            instansi_id=instansi_id,
            pegawai_id=ev.pegawai_id,
            jenis=JenisDokumen.EVALUASI,
            evaluasi_id=ev.pk,
            periode_id=ev.periode_id,
            versi=1,
            versi_sumber=ev.versi,
            kode=f"B{ev.pk:011d}"[-16:],
            judul_periode=str(ev.periode)[:100],
            berkas=contoh.berkas.name,
            sha256=contoh.sha256,
            ditandatangani_at=now,
        )
        for ev in evs
        if (ev.pk, ev.versi) not in punya
    ]
    made = Dokumen.objects.bulk_create(rows, batch_size=1000)
    dibuat += [d.pk for d in made if d.pk]  # SQLite >= 3.35 and PostgreSQL return ids
    return contoh.berkas.name, contoh.sha256, dibuat


def siapkan(instansi_id: int, jumlah: int) -> tuple[list[int], list[int], list[int]]:
    """Queue `jumlah` results due now; (kiriman ids, dokumen ids made, identitas ids made)."""
    evs = [e for e in _pilih(instansi_id, jumlah) if payload.bisa_dikirim(e.periode.jenis)]
    evs = evs[:jumlah]
    if not evs:
        return [], [], []
    _, _, dok_ids = _dokumen_bersama(instansi_id, evs)
    ada = set(
        IdentitasSiasn.objects.filter(instansi_id=instansi_id).values_list("pegawai_id", flat=True)
    )
    now = timezone.now()
    baru = {
        e.pegawai_id: IdentitasSiasn(
            instansi_id=instansi_id,
            pegawai_id=e.pegawai_id,
            pns_id=f"pns-{e.pegawai.nip}",
            diambil_at=now,
        )
        for e in evs
        if e.pegawai_id not in ada
    }
    IdentitasSiasn.objects.bulk_create(baru.values(), batch_size=1000)
    identitas = list(
        IdentitasSiasn.objects.filter(
            instansi_id=instansi_id, pegawai_id__in=list(baru)
        ).values_list("pk", flat=True)
    )
    rows = [
        r
        for e in evs
        if (r := services._baris_baru(e, f"pns-{e.pegawai.nip}", now, None)) is not None
    ]
    KirimanSiasn.objects.bulk_create(rows, batch_size=1000)
    ids = list(
        KirimanSiasn.objects.filter(
            instansi_id=instansi_id, evaluasi_id__in=[r.evaluasi_id for r in rows]
        ).values_list("pk", flat=True)
    )
    return ids, dok_ids, identitas


def ukur(figure: Figure, label: str, jumlah: int = JUMLAH, paralel: int = 8) -> None:
    instansi = Instansi.objects.filter(kode=org_demo.KOTA.kode).first()
    if instansi is None:
        return
    mulai_uji = timezone.now()
    kiriman, dok_ids, identitas = siapkan(instansi.pk, jumlah)
    if not kiriman:
        return
    with ProsesFake() as fake, tempfile.TemporaryDirectory() as tmp:
        kredensial = Path(tmp) / "kredensial.json"
        kredensial.write_text(
            json.dumps(
                {
                    instansi.kode: {
                        "consumer_key": "bench",
                        "consumer_secret": "bench",
                        "username": "bench",
                        "password": "bench",
                    }
                }
            )
        )
        try:
            with override_settings(
                KINERJA_SIASN_URL=fake.url + BASE,
                KINERJA_SIASN_TOKEN_URL=fake.url + TOKEN,
                KINERJA_SIASN_SSO_URL=fake.url + SSO,
                KINERJA_SIASN_KREDENSIAL_FILE=str(kredensial),
            ):
                started = time.perf_counter()
                while True:
                    r = worker.sapu(paralel=paralel, instansi_id=instansi.pk)
                    if not r.dicoba:
                        break
                elapsed = time.perf_counter() - started
            terkirim = KirimanSiasn.objects.filter(
                pk__in=kiriman, status=StatusKiriman.TERKIRIM
            ).count()
            saves, uploads = fake.jumlah()
            print(
                f"SIASN: {terkirim}/{len(kiriman)} terkirim dalam {elapsed:.1f} s "
                f"({saves} save, {uploads} unggahan)",
                file=sys.stderr,
                flush=True,
            )
            figure(f"siasn_kirim_{len(kiriman)}_{label}", elapsed, "s")
            figure(f"siasn_kirim_{len(kiriman)}_{label}_per_detik", terkirim / elapsed, "/s")
        finally:
            _bersihkan(instansi.pk, kiriman, dok_ids, identitas, mulai_uji)


def _bersihkan(
    instansi_id: int, kiriman: list[int], dok_ids: list[int], identitas: list[int], sejak: object
) -> None:
    models: tuple[tuple[Any, list[int]], ...] = (
        (KirimanSiasn, kiriman),
        (Dokumen, dok_ids),
        (IdentitasSiasn, identitas),
    )
    for model, ids in models:
        for i in range(0, len(ids), 900):
            part = model._default_manager.filter(instansi_id=instansi_id, pk__in=ids[i : i + 900])
            part._raw_delete(part.db)
    qs: Any = LogSinkron.objects.filter(
        instansi_id=instansi_id, sistem=Sistem.SIASN, mulai_at__gte=sejak
    )
    qs._raw_delete(qs.db)
