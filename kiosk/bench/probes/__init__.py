"""The bench's Qt probes: run as subprocesses by kiosk/bench, the only Qt outside kiosk/ui."""
