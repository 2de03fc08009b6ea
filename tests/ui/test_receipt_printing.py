"""The receipt's 打印凭条 button: printing on a real ESC/POS connection (a fake thermal printer on
loopback TCP), printer faults said in plain words with the receipt kept as a PDF, and the PDF
itself read back (pdftotext for the Chinese text, pdftoppm to check the QR code module by
module). Needs poppler-utils (scripts/bootstrap.sh installs it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.domain import tracking
from kiosk.domain.receipts import qr_matrix
from kiosk.domain.session import Step
from kiosk.i18n import Translator
from kiosk.settings import Settings
from kiosk.ui.look.spoken import sentences
from tests.helpers.fake_printers import ONLINE, PAPER_OUT, FakeNetworkPrinter, gb, receipt_part
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.resident_steps import to_receipt, wait_printed

ZH = Translator("zh_CN")
RADICALS = str.maketrans({"⺠": "民", "⻋": "车", "⻓": "长", "⻔": "门", "⻅": "见"})


@pytest.fixture
def fake_printer() -> Iterator[type[FakeNetworkPrinter]]:
    started: list[FakeNetworkPrinter] = []

    class Started(FakeNetworkPrinter):
        def __init__(self, answers: Any = ONLINE) -> None:
            super().__init__(answers)
            started.append(self)

    yield Started
    for fake in started:
        fake.close()


def use_printer(data_dir: Path, connection: str) -> None:
    """What the technician does: set printer.connection in the kiosk's settings."""
    settings = Settings.load(data_dir)
    settings.set("printer.connection", connection)
    settings.save()


def refusing_port() -> int:
    spare = socket.socket()
    spare.bind(("127.0.0.1", 0))
    port: int = spare.getsockname()[1]
    spare.close()   # bound once, never listening: connections are refused
    return port


# -- reading the PDF back -----------------------------------------------------------------------


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: apt-get install poppler-utils (scripts/bootstrap.sh)"
    return found


def pdf_text(path: Path) -> str:
    out = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    # Noto CJK shares some glyphs with radicals, and Qt's text map names the radical (高 → ⾼,
    # 民 → ⺠): the page looks right, only the copied text differs. Fold them back.
    return unicodedata.normalize("NFKC", out).translate(RADICALS)


def pdf_qr(path: Path, tmp: Path) -> list[list[bool]]:
    """The QR code on the rendered page, read module by module (without its quiet zone)."""
    subprocess.run([tool("pdftoppm"), "-r", "150", "-gray", "-png", "-singlefile", str(path),
                    str(tmp / "page")], check=True)
    image = QImage(str(tmp / "page.png"))
    assert not image.isNull()
    dark_rows = [y for y in range(image.height())
                 if any(image.pixelColor(x, y).value() < 128 for x in range(0, image.width(), 2))]
    bands: list[list[int]] = []
    for y in dark_rows:   # runs of rows with ink; the QR code is by far the tallest
        if bands and y - bands[-1][1] <= 10:
            bands[-1][1] = y
        else:
            bands.append([y, y])
    top, bottom = max(bands, key=lambda b: b[1] - b[0])
    xs = [x for x in range(image.width())
          if any(image.pixelColor(x, y).value() < 128 for y in range(top, bottom + 1, 3))]
    left, right = min(xs), max(xs)
    assert abs((right - left) - (bottom - top)) <= 3, "the QR code is not square"
    count = 21   # version 1: 12 digits at level M
    side = (right - left + 1) / count
    return [[image.pixelColor(int(left + (x + 0.5) * side), int(top + (y + 0.5) * side)).value()
             < 128 for x in range(count)] for y in range(count)]


def expected_qr(number: str) -> list[list[bool]]:
    return [row[4:-4] for row in qr_matrix(number)[4:-4]]


# -- printing -----------------------------------------------------------------------------------


def test_print_button_sends_the_receipt_to_the_configured_printer(
        qtbot: QtBot, make_window: WindowFactory, data_dir: Path, fake_printer: Any) -> None:
    fake = fake_printer(ONLINE)
    use_printer(data_dir, fake.config)
    window = make_window()
    number = to_receipt(qtbot, window)
    page = window.receipt
    assert page.print_button.isVisible()
    assert page.print_button.accessibleName() == ZH.t("receipts.print.button_name")
    assert page.print_button.height() >= 72 and page.print_button.width() >= 72
    page.print_button.click()
    assert not page.print_button.isEnabled()   # busy: a second tap cannot print twice
    wait_printed(qtbot, window)
    job = receipt_part(fake.job())
    for line in ("办事回执", "办理事项：测试服务", "回执号码", tracking.grouped(number)):
        assert gb(line) in job, line
    assert b"\x1d(k" + bytes([len(number) + 3, 0]) + b"1P0" + number.encode() in job  # QR
    assert page.print_note.words() == ZH.t("receipts.print.done")
    assert not page.print_problem.isVisible()
    assert speaker_of(window).last() == ZH.t("receipts.print.done")
    assert not (data_dir / "receipts" / f"{number}.pdf").exists()
    assert window.session.step is Step.RECEIPT


def test_offline_printer_is_explained_and_the_receipt_kept_as_a_pdf(
        qtbot: QtBot, make_window: WindowFactory, data_dir: Path, tmp_path: Path) -> None:
    use_printer(data_dir, f"network:127.0.0.1:{refusing_port()}")
    window = make_window()
    number = to_receipt(qtbot, window)
    window.receipt.print_button.click()
    wait_printed(qtbot, window)
    said = sentences([ZH.t("printing.error.offline"), ZH.t("receipts.print.kept_pdf")])
    page = window.receipt
    assert page.print_problem.isVisible() and page.print_problem.message() == said
    assert speaker_of(window).last() == said
    assert window.session.step is Step.RECEIPT              # the receipt stays on screen
    assert page.number.text() == tracking.grouped(number)
    pdf = data_dir / "receipts" / f"{number}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    for line in ("乡镇便民服务中心", "办事回执", "办理事项:测试服务", "回执号码",
                 tracking.grouped(number), "请收好这张回执。"):
        assert unicodedata.normalize("NFKC", line) in text, line
    assert pdf_qr(pdf, tmp_path) == expected_qr(number)
    assert not list((data_dir / "receipts").glob(".*partial"))


def test_out_of_paper_says_so(qtbot: QtBot, make_window: WindowFactory, data_dir: Path,
                              fake_printer: Any) -> None:
    use_printer(data_dir, fake_printer(PAPER_OUT).config)
    window = make_window()
    number = to_receipt(qtbot, window)
    window.receipt.print_button.click()
    wait_printed(qtbot, window)
    assert window.receipt.print_problem.message().startswith(
        ZH.t("printing.error.out_of_paper"))
    assert (data_dir / "receipts" / f"{number}.pdf").is_file()


def test_no_printer_configured_keeps_a_pdf_and_says_the_staff_can_print_it(
        qtbot: QtBot, make_window: WindowFactory, data_dir: Path) -> None:
    window = make_window()
    number = to_receipt(qtbot, window)
    assert "打印凭条" in speaker_of(window).last()    # the screen says the button is there
    window.receipt.print_button.click()
    wait_printed(qtbot, window)
    assert speaker_of(window).last() == sentences([ZH.t("printing.error.not_configured"),
                                                   ZH.t("receipts.print.kept_pdf")])
    assert (data_dir / "receipts" / f"{number}.pdf").is_file()
    window.receipt.bar.next.click()   # 完成: the next resident sees no trace of it
    window.finish_service()
    window.session.start("every_type")
    assert not window.receipt.print_problem.isVisible()


def test_an_outcome_after_the_resident_left_is_not_shown_or_said(
        qtbot: QtBot, make_window: WindowFactory, data_dir: Path) -> None:
    window = make_window()
    to_receipt(qtbot, window)
    window.receipt.print_button.click()
    window.finish_service()            # gone before the job finished
    assert window.tasks.wait(15_000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=5_000)
    assert ZH.t("receipts.print.kept_pdf") not in speaker_of(window).last()
    assert not window.receipt.print_problem.message()


def test_without_a_data_folder_there_is_no_print_button(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(db_path=None)
    assert not window.receipt.print_button.isVisibleTo(window.receipt)
