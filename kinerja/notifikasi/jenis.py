"""The kind (`Notifikasi.jenis`) of every notification and the kategori it belongs to. A user
turns e-mail off per kategori (`PreferensiNotifikasi.email_mati`); the list shows the label.
tests/notifikasi/test_surat.py checks that every `jenis="…"` given to notify is listed here."""

# Labels read after "Kirim e-mail untuk …" (lower case; capitalised where shown alone).
KATEGORI: dict[str, str] = {
    "skp": "SKP",
    "umpan_balik": "umpan balik, dialog, briefing, dan aktivitas",
    "penilaian": "hasil penilaian dan dokumen",
    "keberatan": "keberatan",
    "periode": "perubahan batas waktu",
    "pengingat": "pengingat batas waktu",
    "bantuan": "layanan bantuan",
    "lainnya": "lainnya",
}

JENIS: dict[str, tuple[str, str]] = {
    "skp.diajukan": ("skp", "SKP diajukan"),
    "skp.disetujui": ("skp", "SKP disetujui"),
    "skp.dikembalikan": ("skp", "SKP dikembalikan"),
    "skp.tim": ("skp", "SKP tim"),
    "umpan_balik": ("umpan_balik", "Umpan balik"),
    "aktivitas.dikembalikan": ("umpan_balik", "Aktivitas dikembalikan"),
    "dialog": ("umpan_balik", "Dialog kinerja"),
    "briefing": ("umpan_balik", "Briefing"),
    "penilaian.final": ("penilaian", "Penilaian final"),
    "keberatan.diajukan": ("keberatan", "Keberatan diajukan"),
    "keberatan.penjelasan": ("keberatan", "Permintaan penjelasan"),
    "keberatan.diputuskan": ("keberatan", "Keberatan diputuskan"),
    "periode.diperpanjang": ("periode", "Batas diperpanjang"),
    "periode.diubah": ("periode", "Batas diubah"),
    "dokumen.terbit": ("penilaian", "Dokumen terbit"),
    "pengingat.pengisian": ("pengingat", "Pengingat pengisian"),
    "pengingat.penilaian": ("pengingat", "Pengingat penilaian"),
    "pengingat.ringkasan": ("pengingat", "Ringkasan bawahan"),
    "bantuan.tiket_baru": ("bantuan", "Tiket bantuan baru"),
    "bantuan.balasan": ("bantuan", "Balasan tiket bantuan"),
    "bantuan.eskalasi": ("bantuan", "Tiket diteruskan ke Admin Nasional"),
    "bantuan.selesai": ("bantuan", "Tiket bantuan selesai"),
    "bantuan.dibuka_kembali": ("bantuan", "Tiket bantuan dibuka kembali"),
    "umum": ("lainnya", "Umum"),
}


def kategori_of(jenis: str) -> str:
    """The kategori of a jenis; an unknown jenis (an old row, a typo) counts as `lainnya`."""
    return JENIS.get(jenis, ("lainnya", ""))[0]


def label_of(jenis: str) -> str:
    return KATEGORI[kategori_of(jenis)]
