"""Protecting residents' data: encryption at rest, secret files, audit, PIN, volunteers."""
