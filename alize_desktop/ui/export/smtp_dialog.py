"""« Envoyer par SMTP… »: the server settings (remembered) and the password (asked every time, never kept)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.services.changes import RuleError
from alize_desktop.services.export.bundle import BundleError, BundleResult, read_zip_bytes, size_text
from alize_desktop.services.export.email_draft import EmailProblem, compose
from alize_desktop.services.export.smtp_send import (
    SendFailed,
    SmtpSettings,
    save_smtp_settings,
    send_message,
    settings_problems,
    smtp_settings,
)
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.shell.worker import run_with_progress
from alize_desktop.ui.widgets.forms import FieldErrors, ok_cancel
from alize_desktop.ui.widgets.kit_widgets import plain_label


class SmtpDialog(QDialog):
    """Sends the last bundle to `to` with the covering email, off the GUI thread."""

    def __init__(self, ctx: AppContext, bundle: BundleResult, to: str, parent: QWidget | None = None,
                 saved: SmtpSettings | None = None):
        super().__init__(parent)
        self.setObjectName("smtp_dialog")
        self.setWindowTitle("Envoyer le paquet par SMTP")
        self.ctx, self.bundle, self.to = ctx, bundle, to
        self.sent = False
        # The remembered server: given by the Export page (read with its plan), else read on the
        # database worker and filled in when it comes (the fields wait meanwhile).
        self.loading = saved is None
        shown = saved or SmtpSettings()
        lay = QVBoxLayout(self)
        intro = plain_label("Le courriel part du serveur d'envoi de votre messagerie. Le mot de passe est demandé à "
                       "chaque envoi et n'est jamais enregistré.")
        intro.setStyleSheet("color: #555;")
        lay.addWidget(intro)
        form = QFormLayout()
        lay.addLayout(form)
        self.errors = FieldErrors(form)
        form.addRow(plain_label("Destinataire"), plain_label(to))
        form.addRow(plain_label("Pièce jointe"), plain_label(f"{bundle.path.name} ({size_text(bundle.zip_size)})"))
        self.host = QLineEdit(shown.host)
        self.host.setObjectName("smtp_host")
        self.host.setPlaceholderText("smtp.exemple.fr")
        self.errors.add_row("host", "&Serveur d'envoi", self.host, required=True)
        self.port = QSpinBox()
        self.port.setObjectName("smtp_port")
        self.port.setRange(1, 65535)
        self.port.setValue(shown.port)
        self.port.setToolTip("587 avec STARTTLS le plus souvent ; 465 pour une connexion chiffrée d'emblée")
        self.errors.add_row("port", "P&ort", self.port, required=True)
        self.starttls = QCheckBox("&Chiffrer la connexion (STARTTLS)")
        self.starttls.setObjectName("smtp_starttls")
        self.starttls.setChecked(shown.starttls)
        form.addRow("", self.starttls)
        self.user = QLineEdit(shown.user)
        self.user.setObjectName("smtp_user")
        self.user.setPlaceholderText("vide si le serveur ne demande pas d'identification")
        self.errors.add_row("user", "&Identifiant :", self.user)
        self.password = QLineEdit()
        self.password.setObjectName("smtp_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row("password", "&Mot de passe :", self.password)
        lay.addWidget(self.errors.general)
        self.buttons = ok_cancel(self, lay, "Envoyer")
        self.setMinimumWidth(520)
        self._focus(shown)
        if saved is None:
            self._set_waiting(True)
            engine = ctx.engine
            ctx.runner.query(self, lambda: smtp_settings(engine), self._remembered, key="smtp")

    def _remembered(self, saved: SmtpSettings) -> None:
        self.loading = False
        self.host.setText(saved.host)
        self.port.setValue(saved.port)
        self.starttls.setChecked(saved.starttls)
        self.user.setText(saved.user)
        self._set_waiting(False)
        self._focus(saved)

    def _set_waiting(self, waiting: bool) -> None:
        """Fields and Envoyer wait for the remembered server (never overwrite what was typed)."""
        for widget in (self.host, self.port, self.starttls, self.user,
                       self.buttons.button(QDialogButtonBox.StandardButton.Ok)):
            widget.setEnabled(not waiting)

    def _focus(self, saved: SmtpSettings) -> None:
        (self.password if saved.host else self.host).setFocus()

    def settings(self) -> SmtpSettings:
        return SmtpSettings(host=self.host.text().strip(), port=self.port.value(),
                            starttls=self.starttls.isChecked(), user=self.user.text().strip())

    def accept(self) -> None:
        if self.loading:
            return
        settings = self.settings()
        problems = settings_problems(settings)
        if settings.user and not self.password.text():
            problems["password"] = "Saisissez le mot de passe de ce compte."
        if problems:
            self.errors.show(problems)
            return
        self.errors.clear()
        try:
            message = compose(self.bundle.covering, read_zip_bytes(self.bundle.path), self.to, draft=False)
        except (BundleError, EmailProblem) as exc:
            self.errors.show({"": str(exc)})
            return
        engine = self.ctx.engine
        # Remembered on the database worker (the runner tells the pages what changed); a base
        # opened read-only cannot remember them, and the sending goes on all the same.
        self.ctx.runner.op(self, lambda: save_smtp_settings(engine, settings), None, _not_remembered)
        password = self.password.text()
        self.password.clear()  # the password lives only for this one call
        self.buttons.setEnabled(False)

        def task(_progress: Any) -> None:
            send_message(settings, message, password)

        run_with_progress(self, "Envoi du courriel", task, self._sent, self._failed)

    def _sent(self, _result: Any) -> None:
        self.sent = True
        self.buttons.setEnabled(True)
        QMessageBox.information(self, "Courriel envoyé",
                                f"Le paquet {self.bundle.path.name} a été envoyé à {self.to}.")
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        text = str(exc) if isinstance(exc, SendFailed) else f"Envoi impossible : {type(exc).__name__} ({exc})"
        self.errors.show({"": text})


def _not_remembered(exc: BaseException) -> None:
    if not isinstance(exc, RuleError):
        raise exc
