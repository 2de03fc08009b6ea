"""The reference central server: receives applications from kiosks over sync protocol v1."""
