"""Notifications beyond the bell: e-mail, preferences and scheduled deadline reminders
(issue 8, ADR 0008). The in-app rows themselves are `core.Notifikasi`."""

from django.apps import AppConfig


class NotifikasiConfig(AppConfig):
    name = "kinerja.notifikasi"
    label = "notifikasi"
    verbose_name = "Notifikasi dan pengingat"
