"""The domain core, below everything but the foundations: predikat bands and how they look
(``predikat``). Pure: no I/O, no file, no UI; nothing of kinerja above the foundations."""
