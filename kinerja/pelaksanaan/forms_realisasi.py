"""Forms of the realisasi page. They only parse what the browser sends (numbers the Indonesian
way too); the rules (required fields, non-negative numbers, the lock) live in the services.
Uploaded files are read from request.FILES and checked by berkas.py, not by a form field."""

from django import forms

from kinerja.perencanaan.forms import AngkaField


class RencanaAksiForm(forms.Form):
    uraian = forms.CharField(label="Uraian rencana aksi", required=False, max_length=2000)
    target = AngkaField(label="Target", required=False)
    satuan = forms.CharField(label="Satuan", required=False, max_length=50)


class RealisasiForm(forms.Form):
    nilai = AngkaField(label="Nilai realisasi", required=False)
    uraian = forms.CharField(label="Uraian realisasi", required=False, max_length=5000)


class TautanForm(forms.Form):
    tautan = forms.CharField(label="Tautan bukti", required=False, max_length=2000)


class UmpanBalikForm(forms.Form):
    isi = forms.CharField(label="Umpan balik", required=False, max_length=5000)
    rhk = forms.IntegerField(required=False, min_value=1)
    realisasi = forms.IntegerField(required=False, min_value=1)
    perilaku = forms.IntegerField(required=False, min_value=1)
