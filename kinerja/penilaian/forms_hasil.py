"""Forms of the result and keberatan pages. They only parse what the browser sends; the rules
(the window, who may act, at least 10 characters, ratings that change) live in services.py, so a
refusal reads the same from every entry point."""

from django import forms

from kinerja.penilaian.aturan import Rating
from kinerja.penilaian.models import StatusKeberatan

TEKS = forms.Textarea(attrs={"rows": 4})
MAKS = 5000  # characters of a free text


def teks(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=MAKS, widget=TEKS, help_text=help_text
    )


class KeberatanForm(forms.Form):
    alasan = teks(
        "Alasan keberatan",
        "Jelaskan bagian hasil penilaian yang Anda keberatan dan alasannya "
        "(paling sedikit 10 karakter).",
    )


class MintaPenjelasanForm(forms.Form):
    pertanyaan_penilai = teks("Permintaan penjelasan kepada pejabat penilai kinerja")
    pertanyaan_pegawai = teks("Permintaan penjelasan kepada pegawai")


class JawabPenjelasanForm(forms.Form):
    jawaban = teks("Penjelasan Anda")


class PutuskanForm(forms.Form):
    keputusan = forms.ChoiceField(
        label="Keputusan",
        choices=[
            (StatusKeberatan.TETAP, "Tetap (hasil penilaian tidak berubah)"),
            (StatusKeberatan.DIUBAH, "Diubah (rating baru, predikat baru)"),
        ],
        widget=forms.RadioSelect,
    )
    rating_hasil_kerja = forms.ChoiceField(
        label="Rating Hasil Kerja", choices=Rating.choices, required=False, widget=forms.RadioSelect
    )
    rating_perilaku = forms.ChoiceField(
        label="Rating Perilaku Kerja",
        choices=Rating.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    alasan = teks("Alasan keputusan")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["keputusan"].error_messages["required"] = "Pilih keputusan: Tetap atau Diubah."
        self.fields["keputusan"].error_messages["invalid_choice"] = (
            "Keputusan harus Tetap atau Diubah."
        )
        for name in ("rating_hasil_kerja", "rating_perilaku"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"{self.fields[name].label} harus salah satu dari: Di Atas Ekspektasi, "
                "Sesuai Ekspektasi, Di Bawah Ekspektasi."
            )


def errors_of(form: forms.Form) -> str:
    """One line for a message from an invalid form."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
