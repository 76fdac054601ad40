"""The helpdesk (issue 9; SE Kepala BKN 11/2023 §5.e.3): tickets handled first by the Admin
Instansi, escalated to the Admin Nasional, and a knowledge base of answers."""

from django.apps import AppConfig


class BantuanConfig(AppConfig):
    name = "kinerja.bantuan"
    label = "bantuan"
    verbose_name = "Layanan bantuan"
