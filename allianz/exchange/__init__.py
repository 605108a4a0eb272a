"""The Allianz exchange format (docs/exchange-format.md): read and validate, load, export."""
