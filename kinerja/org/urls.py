from django.urls import path

from kinerja.org import import_views, views

app_name = "org"
urlpatterns = [
    path("unor/", views.unor_tree, name="unor_tree"),
    path("unor/<int:pk>/anak/", views.unor_children, name="unor_children"),
    path("unor/<int:pk>/", views.unor_detail, name="unor_detail"),
    path("pegawai/", views.pegawai_list, name="pegawai_list"),
    path("pegawai/<int:pk>/", views.pegawai_detail, name="pegawai_detail"),
    path("pegawai/<int:pk>/atasan/", views.pegawai_atasan, name="pegawai_atasan"),
    path("pegawai/<int:pk>/penugasan/", views.pegawai_penugasan, name="pegawai_penugasan"),
    path("pegawai/<int:pk>/akun/", views.pegawai_akun, name="pegawai_akun"),
    path("impor/", import_views.import_index, name="import_index"),
    path("impor/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("impor/<int:pk>/terapkan/", import_views.import_apply, name="import_apply"),
    path("impor/<int:pk>/batalkan/", import_views.import_cancel, name="import_cancel"),
    path(
        "impor/templat/<slug:jenis>.<slug:fmt>",
        import_views.import_template,
        name="import_template",
    ),
    path("instansi/", views.instansi_list, name="instansi_list"),
    path("instansi/baru/", views.instansi_create, name="instansi_create"),
]
