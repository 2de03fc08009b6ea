"""The window's features: resident flow, help, volunteers, status and rating, receipts, 议事."""
