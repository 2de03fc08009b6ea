"""On-disk caches that make start-up cheap: parsed TOML, rendered icons."""
