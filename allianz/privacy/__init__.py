"""Privacy: the privacy page, the data export, account erasure and retention (issue 21, items 1-5).
What is personal is declared once, in `inventory.py`."""
