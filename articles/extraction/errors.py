"""Errors a step raises on purpose, each with a stable code for editors."""


class InputError(Exception):
    """The input cannot be read as an article (empty, binary, too large...)."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)
