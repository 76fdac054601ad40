from django.urls import path

from kinerja.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("kata-sandi/", views.password_change_view, name="password_change"),
    path("atur-sandi/<str:uidb64>/<str:token>/", views.atur_sandi_view, name="atur_sandi"),
]
