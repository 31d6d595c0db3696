"""The domain core, below everything but the pure foundations (errors, numbers): predikat bands and
how they look (``predikat``), reporting periods (``periode``), the SOP table (``sop``), the work
calendar (``workcalendar``) and the roles (``peran``). Pure: no I/O, no file, no UI; it imports
nothing of kinerja above it."""
