"""Back office: operators (their own tokens, distinct from kiosks') and the indexes that keep
exports and the per-application status look-up cheap."""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE IF NOT EXISTS operators (
            operator_id TEXT PRIMARY KEY,
            token_hash  TEXT NOT NULL,
            salt        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        )""")
    op.execute("CREATE INDEX IF NOT EXISTS applications_received "
               "ON applications(received_at, id)")
    op.execute("CREATE INDEX IF NOT EXISTS status_changes_application "
               "ON status_changes(application_id, seq)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS status_changes_application")
    op.execute("DROP INDEX IF EXISTS applications_received")
    op.execute("DROP TABLE IF EXISTS operators")
