from django.urls import reverse

from kinerja.core.pagination import CappedPaginator
from kinerja.org.models import Pegawai
from tests.conftest import login
from tests.factories import PegawaiFactory


def test_count_stops_at_the_cap(org):
    PegawaiFactory.create_batch(12, instansi=org.instansi)
    paginator = CappedPaginator(Pegawai.objects.filter(instansi=org.instansi), 5, cap=10)
    assert paginator.count == 11
    assert paginator.is_capped
    assert paginator.num_pages == 3
    exact = CappedPaginator(Pegawai.objects.filter(instansi=org.instansi), 5, cap=100)
    assert (exact.count, exact.is_capped) == (17, False)


def test_list_says_more_than_the_cap(client, org, settings):
    PegawaiFactory.create_batch(26, instansi=org.instansi)  # 31 in all, 25 a page
    settings.LIST_COUNT_CAP = 26
    login(client, org.admin)
    body = client.get(reverse("org:pegawai_list")).content.decode()
    assert "Halaman 1 dari 2+ (lebih dari 26 data; persempit pencarian)" in body
    settings.LIST_COUNT_CAP = 1000
    body = client.get(reverse("org:pegawai_list")).content.decode()
    assert "Halaman 1 dari 2 (31 data)" in body
