"""Forms of the helpdesk. Files come from request.FILES.getlist("lampiran") and are checked by
the services (berkas.periksa_berkas), not here."""

from django import forms

from kinerja.bantuan.models import KategoriTiket, StatusTiket

KATEGORI_PILIH = [("", "— Pilih kategori —"), *KategoriTiket.choices]


class TiketForm(forms.Form):
    kategori = forms.ChoiceField(label="Kategori", choices=KATEGORI_PILIH)
    judul = forms.CharField(label="Judul", max_length=200)
    uraian = forms.CharField(
        label="Uraian masalah",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Apa yang Anda lakukan, apa yang terjadi, dan pesan galat yang muncul.",
    )


class ArtikelForm(forms.Form):
    judul = forms.CharField(label="Judul", max_length=200)
    kategori = forms.ChoiceField(label="Kategori", choices=KategoriTiket.choices)
    isi = forms.CharField(
        label="Isi",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Teks biasa. Baris kosong memisahkan paragraf; \u201c## \u201d judul bagian; "
        "\u201c- \u201d butir daftar; **tebal**.",
    )
    diterbitkan = forms.BooleanField(label="Terbitkan", required=False)


STATUS_SARING = [("", "Terbuka"), *StatusTiket.choices, ("semua", "Semua")]
KATEGORI_SARING = [("", "Semua kategori"), *KategoriTiket.choices]
