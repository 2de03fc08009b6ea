"""Threads and processes seen from Qt: the task runner, sync and speech bridges, the audit trail."""
