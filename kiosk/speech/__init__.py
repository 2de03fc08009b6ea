"""Speech: the Speaker interface, the worker process that owns the engine, voices, playback."""
