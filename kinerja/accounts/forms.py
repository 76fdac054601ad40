from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kinerja.accounts import services
from kinerja.accounts.models import User
from kinerja.core.permissions import DomainError


class LoginForm(forms.Form):
    nip = forms.CharField(
        label="NIP",
        max_length=30,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "username"}
        ),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "nip" in data and "password" in data:
            try:
                self.user = services.authenticate_nip(data["nip"], data["password"])
            except DomainError as exc:
                raise ValidationError(str(exc)) from exc
        return data


class AturSandiForm(forms.Form):
    """A new password, twice (the one-time link; the change form adds the old one)."""

    new_password = forms.CharField(
        label="Kata sandi baru",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Minimal 8 karakter, tidak hanya angka, dan tidak mirip NIP atau nama.",
    )
    new_password2 = forms.CharField(
        label="Ulangi kata sandi baru",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") != data.get("new_password2"):
            raise ValidationError("Kedua isian kata sandi baru tidak sama.")
        return data


class PasswordChangeForm(AturSandiForm):
    old_password = forms.CharField(label="Kata sandi lama", strip=False, widget=forms.PasswordInput)
    field_order = ["old_password", "new_password", "new_password2"]
