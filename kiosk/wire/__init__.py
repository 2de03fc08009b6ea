"""What kiosk and central share on the wire: the protocol's models and the USB bundle format."""
