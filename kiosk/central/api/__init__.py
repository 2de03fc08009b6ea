"""The reference central's HTTP side: the FastAPI app, its routes, auth and limits."""
