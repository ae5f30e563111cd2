"""Errors a use case raises; views turn them into pages or messages."""


class PermissionDenied(Exception):
    """The user may not do this to this record (views answer 403 or 404)."""


class NotFound(Exception):
    pass


class ServiceError(Exception):
    """A refusal with a Vietnamese message meant for the user."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
