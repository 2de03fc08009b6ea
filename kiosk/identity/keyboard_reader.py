"""Readers that act as a keyboard: they type the 18-character ID number and Enter in one burst.

`IdBurst` is fed every key the screen receives, with its time; it answers the ID number when
18 ID characters arrived each close behind the last and Enter followed. A person typing is
slower than the gap allowed, so what they type is never taken for a card. Pure: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain.fields import id_number_check_digit

ID_LENGTH = 18
MAX_GAP_MS = 50.0  # between two keys of one burst; readers type far faster, people far slower
ENTER = ("\r", "\n")


@dataclass
class IdBurst:
    max_gap_ms: float = MAX_GAP_MS
    _keys: list[str] = field(default_factory=list)
    _last_ms: float | None = None

    def feed(self, key: str, at_ms: float) -> str | None:
        """One key (a character, or "\\r"/"\\n" for Enter) at `at_ms`. Returns the ID number
        when this key completes a burst, else None."""
        late = self._last_ms is not None and at_ms - self._last_ms > self.max_gap_ms
        self._last_ms = at_ms
        if late:
            self._keys.clear()
        if key in ENTER:
            number, self._keys = "".join(self._keys).upper(), []
            return number if _is_id_number(number) else None
        if len(key) == 1 and (key.isdigit() or key in "xX"):
            self._keys.append(key)
            del self._keys[ID_LENGTH + 1:]  # too long stays too long, and bounded
        else:
            self._keys.clear()
        return None


def _is_id_number(text: str) -> bool:
    return (len(text) == ID_LENGTH and text[:17].isdigit()
            and id_number_check_digit(text[:17]) == text[17])
