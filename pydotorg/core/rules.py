"""The one base for a service's "this breaks a rule" errors.

Services raise a :class:`RuleError` (through their domain's subclass) when input or
an action breaks a business rule; the message is safe to show to whoever asked.
Views put it beside the form field it names (:func:`pydotorg.core.forms.form_action`),
the API answers 400 with its ``errors``, and admin actions flash it with the row.
"""

from __future__ import annotations

from collections.abc import Mapping

# The key of messages about the whole input rather than one field (Django's name).
NON_FIELD = "__all__"


class RuleError(ValueError):
    """A business rule refused input or an action.

    Either one message, beside ``field`` (None: about the whole input), or a
    mapping of field names (or :data:`NON_FIELD`) to messages. ``errors`` is that
    mapping in both cases.
    """

    def __init__(
        self, message: str | Mapping[str, list[str]], field: str | None = None
    ) -> None:
        if isinstance(message, str):
            self.field = None if field == NON_FIELD else field
            self.errors = {self.field or NON_FIELD: [message]}
        else:
            self.field = None
            self.errors = {name: list(texts) for name, texts in message.items()}
        super().__init__(
            "; ".join(
                text if name == NON_FIELD else f"{name}: {text}"
                for name, texts in self.errors.items()
                for text in texts
            )
            if not isinstance(message, str)
            else message
        )
