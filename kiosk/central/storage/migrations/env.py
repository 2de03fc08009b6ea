"""Alembic's entry point: migrate over the connection kiosk.central.storage.migrate hands over.

All pending revisions run in one transaction. On PostgreSQL a transaction-level advisory lock
makes workers that start together migrate one after the other (the later ones find nothing to
do); on SQLite the caller already holds the write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from alembic import context

# Any fixed 64-bit number shared by every central; only centrals take this lock.
MIGRATION_LOCK = 7_202_600_108


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None,
                      transaction_per_migration=False)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        context.run_migrations()


# Alembic runs this file with its context set up; a plain import (every module is importable)
# only defines the function.
if hasattr(context, "config"):
    run_migrations()
