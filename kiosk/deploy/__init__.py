"""Running on a real machine: services, the supervisor, machine checks, crash reports."""
