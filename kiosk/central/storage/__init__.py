"""The central's database (SQLite or PostgreSQL), its migrations and idempotent writes."""
