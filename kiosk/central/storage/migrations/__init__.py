"""Alembic migrations of the central's database, for SQLite and PostgreSQL alike.

Run by `kiosk.central.storage.migrate.upgrade` whenever a central opens its database (and by
`kiosk central migrate`). Each revision is raw SQL per dialect (`op.execute`), append-only:
never edit a released revision, add the next one (copy the newest file, bump `revision` and
`down_revision`). See docs/central-scale.md.
"""
