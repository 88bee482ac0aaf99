"""Business rules of the users domain, one module per area: ``accounts``,
``membership``, ``groups`` and ``api_keys``."""
