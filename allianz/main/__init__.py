"""The start page (the alliance at a glance), the language switch and the health check."""
