"""The one error type that service functions raise for a refused action."""


class DomainError(Exception):
    """A rule refused the action; ``message`` is translated and safe to show to the user.

    ``field`` names the form field the rule concerns, when there is one.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
