"""Onboarding of an instansi (issue 9; SE Kepala BKN 11/2023 §5.b): the public application,
its review by the Admin Nasional, and the instansi and admin account made on approval."""

from django.apps import AppConfig


class PendaftaranConfig(AppConfig):
    name = "kinerja.pendaftaran"
    label = "pendaftaran"
    verbose_name = "Pendaftaran instansi"
