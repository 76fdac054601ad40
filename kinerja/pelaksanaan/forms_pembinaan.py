"""Forms of the dialog and briefing pages. They only parse what the browser sends; the rules
(required agenda, one aspect at least, who may record) live in services_pembinaan, so a refusal
reads the same from every entry point."""

import datetime as dt

from django import forms
from django.http import QueryDict

from kinerja.pelaksanaan.services_pembinaan import ButirTindakLanjut

TANGGAL = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEKS = forms.Textarea(attrs={"rows": 3})
BARIS_TINDAK_LANJUT = 3  # empty follow-up rows offered by the form


class DialogForm(forms.Form):
    tanggal = forms.DateField(label="Tanggal dialog", widget=TANGGAL)
    agenda = forms.CharField(label="Agenda", required=False, widget=TEKS)
    hasil_kerja = forms.CharField(label="Hasil kerja", required=False, widget=TEKS)
    perilaku = forms.CharField(label="Perilaku kerja", required=False, widget=TEKS)
    kompetensi = forms.CharField(label="Kompetensi/pengembangan", required=False, widget=TEKS)
    karier = forms.CharField(label="Karier", required=False, widget=TEKS)


class BriefingForm(forms.Form):
    tanggal = forms.DateField(label="Tanggal briefing", widget=TANGGAL)
    topik = forms.CharField(label="Topik", required=False, max_length=300)
    arahan = forms.CharField(label="Arahan yang diberikan", required=False, widget=TEKS)
    tautan = forms.CharField(
        label="Tautan lampiran",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Opsional, satu tautan per baris (diawali http:// atau https://).",
    )


def tindak_lanjut_dari(data: QueryDict) -> list[ButirTindakLanjut]:
    """The follow-up rows of the dialog form (parallel lists tl_uraian / tl_jatuh_tempo)."""
    uraian = data.getlist("tl_uraian")
    tempo = data.getlist("tl_jatuh_tempo")
    rows = []
    for nomor in range(max(len(uraian), len(tempo))):
        text = uraian[nomor] if nomor < len(uraian) else ""
        raw = (tempo[nomor] if nomor < len(tempo) else "").strip()
        try:
            tanggal = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise forms.ValidationError(
                f"Tindak lanjut ke-{nomor + 1}: jatuh tempo bukan tanggal yang valid."
            ) from None
        rows.append(ButirTindakLanjut(text, tanggal))
    return rows


def errors_of(form: forms.Form) -> str:
    """One line for a message: "Label: error" for each invalid field."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)
