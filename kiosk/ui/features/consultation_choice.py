"""One line of the 村民议事 list: a consultation, open for votes or closed with results.

Its own module so the home screen, which only counts them for its tile, does not import the
consultation screen (and its widgets) before the first frame (docs/benchmarks.md, start-up).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.consultations import Consultation


@dataclass(frozen=True)
class ConsultationChoice:
    """The option a resident picked in a consultation, and their optional suggestion."""

    consultation: Consultation
    open: bool               # taking votes; otherwise closed, with results to show
