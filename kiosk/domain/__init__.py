"""The pure domain, shared with the central: catalog, fields, session, tracking, status words."""
