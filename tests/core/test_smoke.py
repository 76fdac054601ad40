from django.urls import reverse

from tests.conftest import login, user_for


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_admin_pages_render(client, org):
    login(client, org.admin)
    for url in [
        reverse("home"),
        reverse("org:unor_tree"),
        reverse("org:unor_children", args=[org.dinas.pk]),
        reverse("org:unor_detail", args=[org.bidang.pk]),
        reverse("org:pegawai_list"),
        reverse("org:pegawai_detail", args=[org.staf.pk]),
        reverse("audit_log"),
    ]:
        assert client.get(url).status_code == 200, url


def test_penilai_home_lists_bawahan(client, org):
    login(client, user_for(org.kasi))
    body = client.get(reverse("home")).content.decode()
    assert "Pejabat Penilai" in body
    assert org.staf.nama in body


def test_htmx_request_after_session_expiry_redirects_the_whole_page(client, db):
    response = client.get(reverse("org:pegawai_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
