"""Login with SSO (OpenID Connect): /akun/sso/masuk/ starts it, /akun/sso/callback/ ends it."""

from django.urls import path

from kinerja.accounts import oidc

app_name = "oidc"
urlpatterns = [
    path("masuk/", oidc.MasukView.as_view(), name="masuk"),
    path("callback/", oidc.CallbackView.as_view(), name="callback"),
]
