"""E-mail to the Admin Nasional. Its account has no instansi, so it has no in-app inbox
(Notifikasi and the e-mail outbox are tenant rows): escalations and the pelapor's replies on
escalated tickets reach it by this task, and its queue page shows what is open."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from kinerja.accounts.models import User
from kinerja.core.links import absolute_url
from kinerja.notifikasi.surat import subjek


@task()
def surel_admin_nasional(judul: str, pesan: str, url: str) -> int:
    """One e-mail to every active Admin Nasional with an address; returns how many."""
    kepada = sorted(
        {
            e.strip()
            for e in User.objects.filter(is_admin_nasional=True, is_active=True).values_list(
                "email", flat=True
            )
            if (e or "").strip()
        }
    )
    if not kepada:
        return 0
    tautan = absolute_url(url)
    isi = f"{judul}\n\n{pesan}\n\nBuka tiket: {tautan}\n"
    # One message each: the addresses of the other admins are not disclosed.
    for alamat in kepada:
        send_mail(subjek(judul), isi, settings.DEFAULT_FROM_EMAIL, [alamat])
    return len(kepada)
