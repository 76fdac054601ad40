"""JSON Schema (2020-12) of one Ruang GTK record, and the documented example. The file
docs/integrasi/ruang-gtk.schema.json is this schema (a test keeps them equal). The schema
describes the shape; impor.py also checks what a schema cannot (NIP in the instansi, periods,
the predikat matrix)."""

from typing import Any

RATING = ["Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"]
PREDIKAT = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"]
_NIP = {"type": "string", "pattern": "^[0-9]{18}$"}
_TANGGAL = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_WAKTU = {"type": "string", "format": "date-time"}
_ANGKA = {"type": ["number", "string"], "minimum": 0}
_UMUM = {
    "nip": _NIP,
    "tahun": {"type": "integer", "minimum": 2000, "maximum": 2100},
    "id": {"type": "string", "maxLength": 64, "description": "Id catatan di Ruang GTK."},
    "kode_unor": {
        "type": "string",
        "maxLength": 64,
        "description": "Kode unit (sekolah) di e-Kinerja; bila diisi harus ada dan aktif.",
    },
}

SKEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://kinerja.example/integrasi/ruang-gtk.schema.json",
    "title": "Catatan sinkronisasi Ruang GTK (satu baris JSON Lines)",
    "oneOf": [
        {"$ref": "#/$defs/skp"},
        {"$ref": "#/$defs/hasil_periodik"},
        {"$ref": "#/$defs/hasil_tahunan"},
    ],
    "$defs": {
        "iki": {
            "type": "object",
            "required": ["indikator"],
            "properties": {
                "indikator": {"type": "string", "minLength": 1, "maxLength": 2000},
                "aspek": {"enum": ["Kuantitas", "Kualitas", "Waktu", "Biaya"]},
                "target_min": _ANGKA,
                "target_max": _ANGKA,
                "satuan": {"type": "string", "minLength": 1, "maxLength": 50},
            },
            "additionalProperties": False,
        },
        "rhk": {
            "type": "object",
            "required": ["rhk", "iki"],
            "properties": {
                "jenis": {"enum": ["Utama", "Tambahan"], "default": "Utama"},
                "rhk": {"type": "string", "minLength": 1, "maxLength": 2000},
                "rhk_pimpinan": {
                    "type": "string",
                    "maxLength": 2000,
                    "description": "Teks RHK kepala sekolah (SKP disetujui) yang diintervensi.",
                },
                "iki": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/iki"}},
            },
            "additionalProperties": False,
        },
        "skp": {
            "type": "object",
            "required": [
                "jenis",
                "nip",
                "tahun",
                "periode_mulai",
                "periode_selesai",
                "nip_penilai",
                "rhk",
            ],
            "properties": {
                **_UMUM,
                "jenis": {"const": "skp"},
                "periode_mulai": _TANGGAL,
                "periode_selesai": _TANGGAL,
                "nip_penilai": _NIP,
                "pendekatan": {"enum": ["Kuantitatif", "Kualitatif"], "default": "Kuantitatif"},
                "disetujui_at": _WAKTU,
                "rhk": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rhk"}},
            },
            "additionalProperties": False,
        },
        "hasil_periodik": {
            "type": "object",
            "required": [
                "jenis",
                "nip",
                "tahun",
                "periode_mulai",
                "periode_selesai",
                "rating_hasil_kerja",
                "rating_perilaku",
            ],
            "properties": {
                **_UMUM,
                "jenis": {"const": "hasil_periodik"},
                "periode_mulai": _TANGGAL,
                "periode_selesai": _TANGGAL,
                "rating_hasil_kerja": {"enum": RATING},
                "rating_perilaku": {"enum": RATING},
                "predikat": {"enum": PREDIKAT},
                "difinalkan_at": _WAKTU,
                "catatan": {"type": "string", "maxLength": 2000},
            },
            "additionalProperties": False,
        },
        "hasil_tahunan": {
            "type": "object",
            "required": ["jenis", "nip", "tahun", "rating_hasil_kerja", "rating_perilaku"],
            "properties": {
                **_UMUM,
                "jenis": {"const": "hasil_tahunan"},
                "rating_hasil_kerja": {"enum": RATING},
                "rating_perilaku": {"enum": RATING},
                "predikat": {"enum": PREDIKAT},
                "difinalkan_at": _WAKTU,
                "catatan": {"type": "string", "maxLength": 2000},
            },
            "additionalProperties": False,
        },
    },
}

GURU, KEPSEK = "199103152019032007", "197805102005012004"
CONTOH: list[dict[str, Any]] = [
    {
        "jenis": "skp",
        "id": "skp-2026-0001",
        "nip": GURU,
        "tahun": 2026,
        "periode_mulai": "2026-01-01",
        "periode_selesai": "2026-12-31",
        "nip_penilai": KEPSEK,
        "pendekatan": "Kuantitatif",
        "disetujui_at": "2026-01-20T09:00:00+07:00",
        "rhk": [
            {
                "jenis": "Utama",
                "rhk": "Terlaksananya pembelajaran yang berpusat pada murid",
                "rhk_pimpinan": "Meningkatnya mutu pembelajaran di satuan pendidikan",
                "iki": [
                    {
                        "indikator": "Jumlah modul ajar yang disusun dan diterapkan",
                        "aspek": "Kuantitas",
                        "target_min": 4,
                        "target_max": 4,
                        "satuan": "Modul",
                    },
                    {
                        "indikator": "Persentase murid mencapai tujuan pembelajaran",
                        "aspek": "Kualitas",
                        "target_min": 75,
                        "target_max": 85,
                        "satuan": "%",
                    },
                ],
            },
            {
                "jenis": "Tambahan",
                "rhk": "Terlaksananya pengembangan diri melalui komunitas belajar",
                "iki": [
                    {
                        "indikator": "Jumlah pertemuan komunitas belajar yang diikuti",
                        "aspek": "Kuantitas",
                        "target_min": 6,
                        "target_max": 6,
                        "satuan": "Pertemuan",
                    }
                ],
            },
        ],
    },
    {
        "jenis": "hasil_periodik",
        "id": "hp-2026-tw1-0001",
        "nip": GURU,
        "tahun": 2026,
        "periode_mulai": "2026-01-01",
        "periode_selesai": "2026-03-31",
        "rating_hasil_kerja": "Sesuai Ekspektasi",
        "rating_perilaku": "Di Atas Ekspektasi",
        "predikat": "Baik",
        "difinalkan_at": "2026-04-10T10:00:00+07:00",
    },
    {
        "jenis": "hasil_tahunan",
        "id": "ht-2026-0001",
        "nip": GURU,
        "tahun": 2026,
        "rating_hasil_kerja": "Di Atas Ekspektasi",
        "rating_perilaku": "Di Atas Ekspektasi",
        "predikat": "Sangat Baik",
        "difinalkan_at": "2027-01-15T10:00:00+07:00",
    },
]
