"""`python -m kiosk.bench.probes MODE --data-dir D [...]`: one Qt probe of `kiosk bench`, run as its
own process; prints one JSON line and exits (or, for the memory modes, prints and then waits for
stdin to close so the bench can read its RSS).

Each mode's module is imported only for that mode, so the start-up probe imports nothing the
kiosk's own start would not: kiosk/bench/probes/startup_memory.py (startup, memory, the bare
baseline), kiosk/bench/probes/live.py (heartbeat, speech).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import kiosk.bench.probes.common  # noqa: F401  (its clock starts first: the probe's own start)

MODES = ["startup", "memory", "heartbeat", "speech", "bare-startup", "bare-memory",
         "bare-heartbeat"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Qt probes for `kiosk bench`")
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--expect", type=int, default=0, help="heartbeat: applications to drain")
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.mode.startswith("bare-"):
        from kiosk.bench.probes.startup_memory import bare

        return bare(args.mode, args.seconds)
    if args.data_dir is None:
        parser.error("--data-dir is required for the kiosk's probes")
    if args.mode in ("startup", "memory"):
        from kiosk.bench.probes import startup_memory

        if args.mode == "startup":
            return startup_memory.startup(args.data_dir)
        return startup_memory.memory(args.data_dir, args.seconds)
    from kiosk.bench.probes import live

    if args.mode == "heartbeat":
        return live.heartbeat(args.data_dir, args.expect, args.seconds)
    return live.speech(args.data_dir, args.trials)


if __name__ == "__main__":
    sys.exit(main())
