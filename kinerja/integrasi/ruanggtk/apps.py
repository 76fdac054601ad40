from django.apps import AppConfig


class RuanggtkConfig(AppConfig):
    name = "kinerja.integrasi.ruanggtk"
    label = "ruanggtk"
    verbose_name = "Ruang GTK"
