"""Connection settings: the central's address, this kiosk's ID and token, CA file, interval.

Save checks every value with the settings' own rules first and writes nothing unless all pass;
a refused value gets plain words beside its field. A successful save wakes the sync at once.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit

from kiosk.ui.technician.jobs import CONNECTION_KEYS, FieldProblem, load_connection, save_connection
from kiosk.ui.technician.section import PanelContext, Section
from kiosk.ui.technician.style import GAP_PX, button, label, set_property

# setting key → message key stem
FIELDS = {"central.url": "url", "central.kiosk_id": "kiosk_id", "central.token": "token",
          "central.ca_bundle": "ca_bundle", "sync.interval_seconds": "interval"}
BAD_WORDS = {"central.url": "tech.settings.bad_url",
             "sync.interval_seconds": "tech.settings.bad_interval"}


class ConnectionSettings(Section):
    loaded = Signal()
    saved = Signal(bool)   # True: written and sync woken; False: refused, nothing written
    failed = Signal(str)   # the settings file could not be read or written

    def __init__(self, ctx: PanelContext) -> None:
        super().__init__(ctx, "tech.panel.connection", "tech.settings.help")
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._saved_values: dict[str, str] = {}
        self._saving_values: dict[str, str] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(GAP_PX)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for row, (key, stem) in enumerate(FIELDS.items()):
            self._add_field(grid, row * 3, key, stem)
        self.body.addLayout(grid)

        actions = QHBoxLayout()
        self.save_button = button(self.t("tech.settings.save"), "primary", wide=True)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.status = label(self.t("tech.common.loading"))
        actions.addWidget(self.save_button)
        actions.addWidget(self.status, 1)
        self.body.addLayout(actions)
        self.body.addStretch(1)
        self.load()

    def _add_field(self, grid: QGridLayout, row: int, key: str, stem: str) -> None:
        name = label(self.t(f"tech.settings.{stem}"), "value", wrap=False)
        edit = QLineEdit()
        edit.setAccessibleName(name.text())
        name.setBuddy(edit)
        grid.addWidget(name, row, 0)
        if key == "central.token":
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            line = QHBoxLayout()
            line.addWidget(edit, 1)
            self.show_token = button(self.t("tech.settings.show"))
            self.show_token.setCheckable(True)
            self.show_token.toggled.connect(self._toggle_token)
            line.addWidget(self.show_token)
            grid.addLayout(line, row, 1)
        else:
            grid.addWidget(edit, row, 1)
        grid.addWidget(label(self.t(f"tech.settings.{stem}_hint"), "hint"), row + 1, 1)
        error = label("", "error")
        error.hide()
        grid.addWidget(error, row + 2, 1)
        edit.textEdited.connect(partial(self._clear_error, key))
        self.edits[key], self.errors[key] = edit, error

    def _toggle_token(self, shown: bool) -> None:
        self.edits["central.token"].setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_token.setText(self.t("tech.settings.hide" if shown else "tech.settings.show"))

    # -- loading and saving ------------------------------------------------------------------
    def load(self) -> None:
        data_dir = self.ctx.data_dir
        self.run(lambda: load_connection(data_dir), self._loaded, self._failed)

    def _loaded(self, values: dict[str, str]) -> None:
        self._saved_values = dict(values)
        for key, value in values.items():
            self.edits[key].setText(value)
        self.status.setText("")
        self.save_button.setEnabled(True)
        self.loaded.emit()

    def values(self) -> dict[str, str]:
        return {key: self.edits[key].text().strip() for key in CONNECTION_KEYS}

    def save(self) -> None:
        self.save_button.setEnabled(False)
        self.status.setText(self.t("tech.settings.saving"))
        for key in FIELDS:
            self._clear_error(key)
        data_dir, values = self.ctx.data_dir, self.values()
        self._saving_values = values
        self.run(lambda: save_connection(data_dir, values), self._saved, self._failed)

    def _saved(self, problems: dict[str, FieldProblem]) -> None:
        self.save_button.setEnabled(True)
        if problems:
            for key, problem in problems.items():
                self._show_error(key, problem)
            self.status.setText(self.t("tech.settings.not_saved"))
            set_property(self.status, "role", "error")
            first = next(k for k in FIELDS if k in problems)
            self.edits[first].setFocus()
            self.saved.emit(False)
            return
        set_property(self.status, "role", None)
        self.status.setText(self.t("tech.settings.saved"))
        # Which settings changed, never their values (the token above all).
        changed = sorted(k for k, v in self._saving_values.items()
                         if self._saved_values.get(k) != v)
        self._saved_values = dict(self._saving_values)
        self.audit("settings_saved", keys=changed)
        self.ctx.wake_sync()
        self.saved.emit(True)

    def _failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)
        set_property(self.status, "role", "error")
        self.status.setText(self.t("tech.common.failed", error=error))
        self.failed.emit(str(error))

    def _show_error(self, key: str, problem: FieldProblem) -> None:
        if problem.kind == "missing_file":
            words = self.t("tech.settings.bad_ca_missing")
        else:
            words = self.t(BAD_WORDS.get(key, "tech.settings.bad_other"))
        self.errors[key].setText(f"{words}（{problem.detail}）" if self.ctx.language == "zh_CN"
                                 else f"{words} ({problem.detail})")
        self.errors[key].show()
        set_property(self.edits[key], "invalid", True)

    def _clear_error(self, key: str, _text: str = "") -> None:
        self.errors[key].hide()
        self.errors[key].setText("")
        set_property(self.edits[key], "invalid", False)
