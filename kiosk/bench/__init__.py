"""`kiosk bench`: the performance benchmark, headless parts (no Qt imported here).

Every item measures our figure and a baseline in the same run and reports their ratio, because
absolute times on shared machines drift. The Qt-side probes run as subprocesses
(`python -m kiosk.bench.probes ...`) so that each start-up and memory figure is a
fresh process.
docs/benchmarks.md says where every timer starts and stops.
"""
