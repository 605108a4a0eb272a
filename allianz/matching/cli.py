"""Commands of the matching package, added to the `allianz` group (placeholder: none yet)."""

commands = []
