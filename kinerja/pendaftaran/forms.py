from django import forms

from kinerja.org.forms import NipField
from kinerja.org.models import JenisInstansi, ZonaWaktu
from kinerja.pendaftaran.models import JabatanPemohon, StatusPermohonan


class PermohonanForm(forms.Form):
    nama = forms.CharField(label="Nama instansi", max_length=200)
    jenis = forms.ChoiceField(label="Jenis instansi", choices=JenisInstansi.choices)
    zona_waktu = forms.ChoiceField(label="Zona waktu", choices=ZonaWaktu.choices)
    kode_usulan = forms.CharField(
        label="Kode instansi yang diusulkan",
        max_length=16,
        required=False,
        help_text="Boleh dikosongkan; Admin Nasional menetapkan kodenya saat menyetujui.",
    )
    pemohon_nama = forms.CharField(label="Nama pemohon", max_length=200)
    pemohon_jabatan = forms.ChoiceField(label="Jabatan pemohon", choices=JabatanPemohon.choices)
    pemohon_nip = NipField(label="NIP pemohon", required=False)
    pemohon_email = forms.EmailField(
        label="E-mail pemohon", help_text="Hasil tinjauan dikirim ke alamat ini."
    )
    admin_nip = NipField(label="NIP admin yang ditunjuk")
    admin_nama = forms.CharField(label="Nama admin yang ditunjuk", max_length=200)
    admin_email = forms.EmailField(
        label="E-mail admin yang ditunjuk",
        help_text="Petunjuk masuk pertama dikirim ke alamat ini setelah disetujui.",
    )
    surat = forms.FileField(
        label="Surat permohonan (PDF)",
        help_text="Surat permohonan yang ditandatangani PPK atau JPT Pratama, berkas PDF.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class PerbaikanForm(PermohonanForm):
    """The applicant's correction: the same fields except their e-mail; a new letter only
    if it must change."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        del self.fields["pemohon_email"]
        self.fields["surat"].required = False
        self.fields["surat"].label = "Surat permohonan baru (PDF, bila perlu diganti)"


class CariForm(forms.Form):
    nomor = forms.CharField(label="Nomor permohonan", max_length=20)
    email = forms.EmailField(label="E-mail pemohon")


class CatatanForm(forms.Form):
    catatan = forms.CharField(label="Catatan perbaikan", widget=forms.Textarea(attrs={"rows": 3}))


class TolakForm(forms.Form):
    alasan = forms.CharField(label="Alasan penolakan", widget=forms.Textarea(attrs={"rows": 3}))


class SetujuiForm(forms.Form):
    kode = forms.CharField(label="Kode instansi", max_length=16)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Semua"), *StatusPermohonan.choices], required=False
    )
