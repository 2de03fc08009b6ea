"""Crash reports for technicians, with no personal data in them.

`install(data_dir, program)` is called first thing by each long-running process (the kiosk window,
the sync service). It sets up two nets:

- `faulthandler` for fatal crashes (a segfault in Qt or a driver, an abort): the interpreter's
  own handler writes the Python stack of every thread into this run's report file, opened in
  advance because nothing can be safely allocated at that moment. A stack holds file names,
  line numbers and function names only, never values, so it holds no personal data.
- `sys.excepthook` / `threading.excepthook` for exceptions nobody caught: the exception type,
  its message and its traceback are written through `kiosk.logs.redact` (ID numbers and phone
  numbers blanked), with no local variables.

Reports live in `<data dir>/crashes/crash-<UTC time>-<program>-<pid>.txt`, mode 0600; at most
`KEEP` are kept. A run that ends without a crash leaves nothing behind. The application's data
is never touched: queued applications are committed before their receipt shows (store.py), so
a crash cannot lose one.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from kiosk.logs import redact

KEEP = 50
OnUncaught = Callable[[BaseException], None]


def crashes_dir(data_dir: Path) -> Path:
    return data_dir / "crashes"


@dataclass(frozen=True)
class CrashReport:
    """One written-down crash: where its file is and what kind of failure it was."""

    path: Path
    program: str
    created_at: dt.datetime
    kind: str       # "fatal" (faulthandler) or "exception"
    summary: str    # first telling line, redacted

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.path.name, "program": self.program,
                "created_at": self.created_at.isoformat(), "kind": self.kind,
                "summary": self.summary}


class CrashReporter:
    """This process's crash nets; `install` makes one, `close` ends a clean run."""

    def __init__(self, data_dir: Path, program: str,
                 on_uncaught: OnUncaught | None = None) -> None:
        self.folder = crashes_dir(data_dir)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.program = program
        self.started = dt.datetime.now(dt.UTC)
        self._on_uncaught = on_uncaught
        self.fatal_path = self._new_path()
        fd = os.open(self.fatal_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._fatal: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8")
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def _new_path(self, kind: str = "") -> Path:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        suffix = f"-{kind}" if kind else ""
        return self.folder / f"crash-{stamp}-{self.program}-{os.getpid()}{suffix}.txt"

    def arm(self) -> None:
        if self._fatal is None:
            return
        self._fatal.write(self._header("fatal"))
        self._fatal.flush()
        faulthandler.enable(file=self._fatal, all_threads=True)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def _header(self, kind: str) -> str:
        # Written at every start (the fatal file is armed in advance), so from os.uname(), not
        # platform.platform(), which imports subprocess and reads the interpreter's binary to
        # find the libc version, all before the kiosk's first frame.
        system = os.uname() if hasattr(os, "uname") else None
        where = (f"{system.sysname}-{system.release}-{system.machine}" if system is not None
                 else sys.platform)
        return (f"program: {self.program}\nkind: {kind}\npid: {os.getpid()}\n"
                f"started: {self.started.isoformat()}\n"
                f"python: {sys.version.split()[0]}  platform: {where}\n"
                "---\n")

    # -- exceptions nobody caught -----------------------------------------------------------
    def write_exception(self, error: BaseException, where: str = "main thread") -> Path:
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        body = redact("".join(lines))
        path = self._new_path("exception")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(self._header("exception"))
            handle.write(f"when: {dt.datetime.now(dt.UTC).isoformat()}\nwhere: {where}\n")
            handle.write(f"error: {type(error).__name__}\n---\n{body}")
        prune(self.folder)
        return path

    def _excepthook(self, kind: type[BaseException], error: BaseException,
                    tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, error, tb)
            return
        self._report(error, "main thread")
        if self._on_uncaught is None:
            self._previous_hook(kind, error, tb)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self._report(args.exc_value, f"thread {name}")
        if self._on_uncaught is None:
            self._previous_thread_hook(args)

    def _report(self, error: BaseException, where: str) -> None:
        try:
            path = self.write_exception(error, where)
            print(f"crash report written: {path}", file=sys.stderr)
        except OSError:  # the disk may be the problem; never hide the original error
            pass
        if self._on_uncaught is not None:
            self._on_uncaught(error)

    # -- a clean end ------------------------------------------------------------------------
    def close(self) -> None:
        """The run ended without a fatal crash: drop the empty fatal report, restore the hooks."""
        if self._fatal is None:
            return
        faulthandler.disable()
        self._fatal.close()
        self._fatal = None
        self.fatal_path.unlink(missing_ok=True)
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook


def install(data_dir: Path, program: str,
            on_uncaught: OnUncaught | None = None) -> CrashReporter:
    """Arm the crash nets for this process. `on_uncaught` runs after an uncaught exception was
    reported (the kiosk window quits so the watchdog starts a fresh one)."""
    reporter = CrashReporter(data_dir, program, on_uncaught)
    reporter.arm()
    prune(reporter.folder, keep_path=reporter.fatal_path)
    return reporter


def _is_live_fatal_file(path: Path) -> bool:
    """A fatal report of a process still running holds just its header: not a crash (yet)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return text.rstrip().endswith("---")


def _parse(path: Path) -> CrashReport | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if text.rstrip().endswith("---"):
        return None  # nothing happened after the header: a clean run, or still running
    fields: dict[str, str] = {}
    head, _, body = text.partition("\n---\n")
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, value)
    interesting = [ln.strip() for ln in body.splitlines() if ln.strip()]
    summary = next((ln for ln in interesting if ln.startswith("Fatal Python error")), None)
    if summary is None and interesting:
        summary = interesting[-1] if fields.get("kind") == "exception" else interesting[0]
    created = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return CrashReport(path, fields.get("program", "?"), created, fields.get("kind", "?"),
                       redact(summary or ""))


def list_reports(data_dir: Path) -> list[CrashReport]:
    """Every crash report, newest first (runs that did not crash are not reports)."""
    folder = crashes_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [r for p in folder.glob("crash-*.txt") if (r := _parse(p)) is not None]
    return sorted(found, key=lambda r: r.created_at, reverse=True)


def read_report(data_dir: Path, name: str) -> str:
    """One report's text (redacted again on the way out, as a second line of defence)."""
    path = crashes_dir(data_dir) / Path(name).name
    return redact(path.read_text(encoding="utf-8", errors="replace"))


def prune(folder: Path, keep: int = KEEP, keep_path: Path | None = None) -> None:
    """Keep the newest `keep` reports; drop header-only files of runs that are over."""
    files = sorted(folder.glob("crash-*.txt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in files:
        if path != keep_path and _is_live_fatal_file(path) and not _pid_alive(path):
            path.unlink(missing_ok=True)
    files = [p for p in files if p.exists()]
    for path in files[keep:]:
        if path != keep_path:
            path.unlink(missing_ok=True)


def _pid_alive(path: Path) -> bool:
    stem = path.stem.removesuffix("-exception")
    pid_text = stem.rsplit("-", 1)[-1]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there; a day-old header is over
        return time.time() - path.stat().st_mtime < 86_400
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
