"""Competencies: the shared vocabulary (a tree of broader and narrower ones), its pages, the picker and its care."""
