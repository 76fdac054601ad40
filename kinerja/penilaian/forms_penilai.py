"""Forms of the penilai's screens. They only shape the input: the ratings themselves are checked
by services.nilai (its messages name the exact labels), so an unknown rating is refused there."""

from typing import Any

from django import forms

from kinerja.penilaian.aturan import Rating

BATAS_TEKS = 4000
PILIHAN_RATING = [("", "— belum dipilih —"), *Rating.choices]


def _rating_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=24)


class NilaiBarisForm(forms.Form):
    """One row of the grid. An absent rating field (the JPT's Rating Hasil Kerja) means "leave
    as it is"; the view tells that apart from an empty choice, which clears the rating."""

    rating_hasil_kerja = _rating_field("Rating Hasil Kerja")
    rating_perilaku = _rating_field("Rating Perilaku Kerja")

    def rating(self, name: str) -> str | None:
        return self.cleaned_data[name] if name in self.data else None


class EvaluasiForm(forms.Form):
    """The evaluation screen: both ratings, umpan balik per RHK (keyed by RHK kunci) and per
    BerAKHLAK value (keyed by NilaiBerakhlak id), and a note."""

    rating_hasil_kerja = _rating_field("Rating Hasil Kerja")
    rating_perilaku = _rating_field("Rating Perilaku Kerja")
    catatan = forms.CharField(
        label="Catatan penilai", required=False, max_length=BATAS_TEKS, widget=forms.Textarea
    )

    def __init__(
        self, *args: Any, kunci_rhk: list[str], nilai_ids: list[int], jpt: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kunci_rhk, self.nilai_ids = kunci_rhk, nilai_ids
        if jpt:  # follows the predikat organisasi; never chosen
            del self.fields["rating_hasil_kerja"]
        for kunci in kunci_rhk:
            self.fields[f"ub_rhk_{kunci}"] = self._teks("Umpan balik atas RHK ini")
        for nilai_id in nilai_ids:
            self.fields[f"ub_perilaku_{nilai_id}"] = self._teks("Umpan balik atas nilai ini")

    @staticmethod
    def _teks(label: str) -> forms.CharField:
        return forms.CharField(
            label=label,
            required=False,
            max_length=BATAS_TEKS,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def hasil_kerja_dipilih(self) -> str | None:
        """None for a JPT (the service sets it from the predikat organisasi)."""
        if "rating_hasil_kerja" not in self.fields:
            return None
        return str(self.cleaned_data["rating_hasil_kerja"])

    def umpan_balik_rhk(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"ub_rhk_{k}", "") for k in self.kunci_rhk}

    def umpan_balik_perilaku(self) -> dict[str, str]:
        return {str(i): self.cleaned_data.get(f"ub_perilaku_{i}", "") for i in self.nilai_ids}
