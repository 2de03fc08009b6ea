"""Which Speaker the kiosk gets: the worker process when an engine works, else silence.

The interface (kiosk/speech/api.py) never imports an implementation; the composition roots
(kiosk/ui/app.py, the CLI, the bench) call this when speech starts.
"""

from __future__ import annotations

from kiosk.speech.api import EventCallback, SilentSpeaker, Speaker, SpeechUnavailable
from kiosk.speech.process import ProcessSpeaker


def create_speaker(on_event: EventCallback, *, enabled: bool = True,
                   player_command: str | list[str] | None = None,
                   startup_timeout: float = 15.0) -> Speaker:
    """The speaker the kiosk should use: ProcessSpeaker if an engine works, else SilentSpeaker.

    A missing audio device does not fall back: the engine still works, the device may be
    plugged in later, and ProcessSpeaker reports it in status().problem meanwhile.
    """
    if not enabled:
        return SilentSpeaker(on_event, problem="speech is switched off in the settings")
    try:
        speaker = ProcessSpeaker(on_event, player_command=player_command,
                                 startup_timeout=startup_timeout)
    except SpeechUnavailable as err:
        return SilentSpeaker(on_event, problem=str(err))
    status = speaker.status()
    if not status.engine_available:
        speaker.close()
        return SilentSpeaker(on_event, problem=status.problem or "no speech engine")
    return speaker
