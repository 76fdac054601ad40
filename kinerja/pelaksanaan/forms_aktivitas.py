"""Forms of the daily log. They only parse what the browser sends; the rules (times, overlaps,
ownership of the links, the lock, the file's content) live in services_aktivitas, so a refusal
reads the same from the form, the import and any future API."""

from typing import Any

from django import forms

from kinerja.perencanaan.forms import AngkaField


class AktivitasForm(forms.Form):
    tanggal = forms.DateField(label="Tanggal")
    jam_mulai = forms.TimeField(label="Jam mulai")
    jam_selesai = forms.TimeField(label="Jam selesai")
    uraian = forms.CharField(label="Uraian aktivitas", required=False, max_length=2000)
    rhk = forms.IntegerField(label="RHK", required=False, min_value=1)
    rencana_aksi = forms.IntegerField(label="Rencana aksi", required=False, min_value=1)
    kuantitas = AngkaField(label="Kuantitas", required=False)
    satuan = forms.CharField(label="Satuan", required=False, max_length=50)
    berkas = forms.FileField(label="Berkas bukti", required=False)
    tautan = forms.CharField(label="Tautan bukti", required=False, max_length=500)
    hapus_berkas = forms.BooleanField(label="Hapus berkas bukti", required=False)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "tanggal": d["tanggal"],
            "jam_mulai": d["jam_mulai"],
            "jam_selesai": d["jam_selesai"],
            "uraian": d["uraian"],
            "rhk_id": d["rhk"],
            "rencana_aksi_id": d["rencana_aksi"],
            "kuantitas": d["kuantitas"],
            "satuan": d["satuan"],
            "berkas": d["berkas"],
            "tautan": d["tautan"],
        }


class SalinForm(forms.Form):
    dari_tanggal = forms.DateField(label="Salin dari tanggal")
    ke_tanggal = forms.DateField(label="Ke tanggal")


class ImporForm(forms.Form):
    berkas = forms.FileField(label="Berkas XLSX")


class KembalikanForm(forms.Form):
    catatan = forms.CharField(label="Catatan pengembalian", required=False, max_length=2000)


def pesan_form(form: forms.Form) -> str:
    """One line: "Label: error" for each invalid field, in Bahasa Indonesia."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)
