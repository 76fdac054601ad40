from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def test_login_in_a_real_browser(page: Page, live_server, org) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("NIP").fill(org.admin.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name=f"Selamat datang, {org.admin.nama}")).to_be_visible()
