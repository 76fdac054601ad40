"""Domain events between the stages: a stage announces what happened, later stages react
(stage 4 signs documents and books angka kredit). Sent inside the writing transaction, so a
receiver that writes shares it; slow work (rendering and signing a PDF) is a receiver's own
`transaction.on_commit`.

Receivers live in the reacting app's `receivers.py`, connected in its AppConfig.ready()."""

from django.dispatch import Signal

# skp=Skp just approved (berlaku), actor=the penilai's user.
skp_disetujui = Signal()

# evaluasi=Evaluasi whose result is now final or changed after being final: sent when it is
# finalised (aksi="difinalkan") and when a keberatan is decided (aksi="keberatan_diputuskan",
# evaluasi.status Tetap or Diubah, evaluasi.versi raised on Diubah). actor=the user.
evaluasi_final = Signal()
