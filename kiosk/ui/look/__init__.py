"""How things look and sound: theme, icons, formatting, spoken text, accessibility helpers."""
