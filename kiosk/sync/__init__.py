"""Getting applications from the kiosk to the central: wire protocol, HTTP client, engine.

Deliberately empty of imports so the central can use `kiosk.wire.protocol` without pulling in
the kiosk's HTTP client or engine.
"""
