def display(request) -> dict:
    """The large-text choice, read from the session (set at login and on every toggle) so
    ordinary pages cost no query."""
    session = getattr(request, "session", None)
    return {"large_text": bool(session and session.get("large_text"))}
