"""One screen per step of the resident's session; each renders a `SessionView`."""
