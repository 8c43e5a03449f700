class AccountError(Exception):
    """A request the parent or staff member can correct; the message is shown as is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
