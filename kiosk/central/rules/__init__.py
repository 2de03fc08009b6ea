"""What the central accepts: the shape of an item, validation against the catalog, catalogs."""
