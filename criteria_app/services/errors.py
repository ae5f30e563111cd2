"""Errors a use case raises; the app-wide handlers (web/errors.py) turn them into pages or messages."""


class PermissionDenied(Exception):
    """The user may not do this to this record (403)."""


class NotFound(Exception):
    """No such record in the user's scope (404: its existence is not revealed)."""


class ServiceError(Exception):
    """A refusal with a Vietnamese message meant for the user; `field` names the form field it
    belongs beside (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(message)


class InvalidInput(ServiceError):
    """Several fields refused at once: field → message, shown each beside its field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        field, message = next(iter(self.errors.items()))
        super().__init__(message, field)
