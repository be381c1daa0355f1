"""File › Importer and File › Exporter data.json, run off the GUI thread with progress."""

from __future__ import annotations

import json
import pathlib
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from alize_desktop.services.uow import Changes
from alize_desktop.ui.shell.worker import run_with_progress
from alize_desktop.ui.widgets.kit_forms import documents_folder
from alize_desktop.ui.widgets.kit_messages import confirmed


def run_import(window: Any, path: pathlib.Path | None = None, confirm: bool = True) -> None:
    from alize_desktop.interchange.importer import has_basin
    from alize_desktop.services.export.basin_io import ImportFailed, import_document, read_document

    if path is None:
        name, _ = QFileDialog.getOpenFileName(window, "Importer un bassin", documents_folder(),
                                              "Format ALIZÉ (*.json *.zip);;Tous les fichiers (*)")
        if not name:
            return
        path = pathlib.Path(name)
    from sqlalchemy.orm import Session

    with Session(window.ctx.engine) as s:
        replace = has_basin(s)
    if replace and confirm:
        if not confirmed(window, "Remplacer le bassin ?",
                         "Cette base contient déjà un bassin. L'importer le remplacera entièrement.\n"
                         "Une sauvegarde de la base est faite avant. Continuer ?"):
            return

    def task(progress: Any) -> dict[str, int]:
        progress(0, 2, "Lecture et vérification du fichier…")
        data = read_document(path)
        progress(1, 2, "Écriture dans la base…")
        return import_document(window.ctx.engine, window.ctx.db_path, data, replace=replace)

    def done(counts: dict[str, int]) -> None:
        window.ctx.undo.clear()
        window.notify(Changes.everything())
        QMessageBox.information(window, "Import terminé",
                                f"{sum(counts.values())} enregistrements importés ({counts['projects']} projets).")

    def failed(exc: BaseException) -> None:
        msg = str(exc) if isinstance(exc, ImportFailed) else f"Erreur inattendue : {type(exc).__name__}"
        QMessageBox.critical(window, "Import refusé", msg)

    run_with_progress(window, "Import du bassin", task, done, failed)


def run_export_json(window: Any) -> None:
    """File › Exporter data.json: read and written off the GUI thread (a network-size basin takes seconds)."""
    from alize_desktop.fileio import write_atomic
    from alize_desktop.interchange.exporter import export_basin

    name, _ = QFileDialog.getSaveFileName(window, "Exporter data.json", documents_folder("data.json"),
                                          "JSON (*.json)")
    if not name:
        return
    engine = window.ctx.engine

    def task(progress: Any) -> pathlib.Path:
        progress(0, 1, "Lecture du bassin…")
        data = export_basin(engine)
        write_atomic(pathlib.Path(name), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        return pathlib.Path(name)

    def failed(exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, (LookupError, OSError)) else f"Erreur inattendue : {type(exc).__name__}"
        QMessageBox.warning(window, "Export", text)

    run_with_progress(window, "Export de data.json", task,
                      lambda path: QMessageBox.information(window, "Export", f"Fichier écrit : {path}"), failed)
