"""Partners: the public pages (`routes`, `service`, `queries`, `forms`), the one declaration of a partner's
properties (`schema`), and the self-service of a partner's members (`profile`, the same four modules)."""
