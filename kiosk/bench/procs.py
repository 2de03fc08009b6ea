"""Memory of a process tree, read from /proc (Linux): the kiosk is several processes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def _parent_of(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses; split after the last ')'
    return int(stat.rsplit(")", 1)[1].split()[1])


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants alive right now."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            parent = _parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _kib(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass(frozen=True)
class TreeMemory:
    pids: list[int]
    names: list[str]
    rss_mib: float   # sum of resident sets: what the issue asks for (shared pages counted twice)
    pss_mib: float   # proportional set size: shared pages split among their users
    each_mib: list[float]  # RSS of each process, in the order of `pids`

    def describe(self) -> str:
        return ", ".join(f"{n} {m:.0f} MiB" for n, m in zip(self.names, self.each_mib,
                                                            strict=True))


def _label(pid: int) -> str:
    """`python -m kiosk.speech.worker` → "kiosk.speech.worker"; else the program's name."""
    try:
        argv = (PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    if "-m" in words[:-1]:
        return words[words.index("-m") + 1]
    return Path(words[0]).name if words else "?"


def tree_memory(root: int) -> TreeMemory:
    pids = process_tree(root)
    names = [_label(pid) for pid in pids]
    each = [_kib(PROC / str(p) / "status", "VmRSS") / 1024 for p in pids]
    pss = sum(_kib(PROC / str(p) / "smaps_rollup", "Pss") for p in pids)
    return TreeMemory(pids, names, sum(each), pss / 1024, each)
