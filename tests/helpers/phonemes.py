"""The real espeak-ng's phonemes for what the kiosk says, with the voice the speech worker really
chooses: what `espeak-ng -v VOICE -q -x` prints, marks of a switch to another language included.

The texts go to libespeak-ng's espeak_TextToPhonemes (the translation the espeak-ng command and
pyttsx3 run too, without synthesizing the audio) in a child process of their own, so that this
test process's own engine, if a test opened one, keeps its settings: all the kiosk's Chinese
strings take well under a second that way, against several seconds through the command.
`python -m tests.helpers.phonemes VOICE` reads a JSON list of texts and prints their phonemes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import re
import shutil
import subprocess
import sys
from functools import cache

import pytest

# espeak-ng -x marks a switch to another language's voice as "(en)…(cmn)".
LANGUAGE_SWITCH = re.compile(r"\([a-z]{2,3}(?:-[a-z0-9]+)*\)")
_LIBRARY = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
_SYNCHRONOUS, _UTF8 = 0x02, 1   # espeak_AUDIO_OUTPUT, espeakCHARS_UTF8 (speak_lib.h)

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed (apt-get install espeak-ng)")


@cache
def voice_in_use(language: str) -> str:
    """The espeak-ng name of the voice the speech worker speaks `language` with."""
    done = subprocess.run([sys.executable, "-m", "kiosk.speech.worker", "--list-voices"],
                          capture_output=True, text=True, check=True, timeout=60)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["engine_problem"] is None, found
    return str(found["voices"][language]["voice"])


def phonemes(texts: list[str], voice: str) -> list[str]:
    """Each text's phonemes, in order, from one child process."""
    done = subprocess.run([sys.executable, "-m", "tests.helpers.phonemes", voice],
                          input=json.dumps(texts), capture_output=True, text=True,
                          encoding="utf-8", check=True, timeout=120)
    found = json.loads(done.stdout)
    assert isinstance(found, list) and len(found) == len(texts)
    return [str(each) for each in found]


def command_phonemes(text: str, voice: str) -> str:
    """The same through the espeak-ng command, for comparison."""
    return subprocess.run(["espeak-ng", "-v", voice, "-q", "-x", text], capture_output=True,
                          text=True, check=True, timeout=60).stdout.strip()


def syllables(phoneme_text: str) -> list[str]:
    """Phonemes without stress and tone marks, one entry per word or Mandarin syllable."""
    words = re.split(r"_\||\s+|_!", phoneme_text)
    return [w for w in (re.sub(r"[\d',_|!]", "", word) for word in words) if w]


def _translate_all(voice: str, texts: list[str]) -> list[str]:
    lib = ctypes.CDLL(_LIBRARY)
    if lib.espeak_Initialize(_SYNCHRONOUS, 0, None, 0) <= 0:
        raise RuntimeError("espeak-ng did not start")
    if lib.espeak_SetVoiceByName(voice.encode()) != 0:
        raise RuntimeError(f"espeak-ng has no voice {voice}")
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int,
                                          ctypes.c_int]
    found = []
    for text in texts:
        buffer = ctypes.create_string_buffer(" ".join(text.split()).encode())
        cursor = ctypes.c_void_p(ctypes.addressof(buffer))
        clauses = []
        while cursor.value:   # one clause a call; the cursor is NULL after the last
            clause = lib.espeak_TextToPhonemes(ctypes.byref(cursor), _UTF8, 0)
            clauses.append(clause.decode() if clause else "")
        found.append(" ".join(c for c in clauses if c))
    return found


if __name__ == "__main__":
    json.dump(_translate_all(sys.argv[1], json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
