"""The kiosk's SQLite store: applications, the outbox, migrations, retention, the disk guard."""
