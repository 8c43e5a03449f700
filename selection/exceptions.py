class SelectionRefused(Exception):
    """A selection action the rules do not allow; the message says why, for the user."""
