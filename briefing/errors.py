"""Errors raised by briefing.

The core never returns ``None`` to mean failure: it raises one of these, and each edge
(CLI, web pages, REST API) presents it in its own way.

    BriefingError                  base of everything briefing raises on purpose
    ├── InputError                 the article itself is unusable (CLI exit 1, HTTP 4xx)
    │   ├── EmptyInputError        nothing but whitespace
    │   ├── BinaryInputError       bytes that are not text in any encoding we read
    │   ├── UnsupportedFormatError a file type we cannot read (HTTP 415)
    │   ├── InputTooLargeError     over a configured size limit (HTTP 413)
    │   ├── NoSentencesError       text with no sentence to summarise
    │   └── UnreadableFileError    a named file cannot be opened (missing, a folder, no access)
    ├── OptionsError               a length, method or other option out of range
    ├── NotFoundError              an id or date with nothing stored (HTTP 404)
    ├── StorageError               the archive could not be read or written
    ├── DeliveryError              an email could not be sent
    └── QueueUnavailableError      the task queue's broker does not answer (HTTP 503)
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base class: every error briefing raises on purpose derives from it."""

    #: HTTP status an edge should answer with; subclasses refine it.
    status: int = 400
    #: short machine-readable slug used in problem+json ``type`` URIs.
    code: str = "briefing-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(BriefingError):
    """The article is unusable as given."""

    status = 422
    code = "bad-input"


class EmptyInputError(InputError):
    """The article is empty or whitespace only."""

    code = "empty-input"


class BinaryInputError(InputError):
    """The bytes are not text."""

    status = 415
    code = "binary-input"


class UnsupportedFormatError(InputError):
    """The file type is not one briefing reads."""

    status = 415
    code = "unsupported-format"


class InputTooLargeError(InputError):
    """The input is over a configured size limit."""

    status = 413
    code = "input-too-large"


class NoSentencesError(InputError):
    """The text holds no sentence that could be summarised."""

    code = "no-sentences"


class UnreadableFileError(InputError):
    """A file named on the command line cannot be opened: missing, a folder, no access."""


class OptionsError(BriefingError):
    """An option is unknown or out of range."""

    status = 400
    code = "bad-option"


class NotFoundError(BriefingError):
    """Nothing is stored under that id or date."""

    status = 404
    code = "not-found"


class StorageError(BriefingError):
    """The archive could not be read or written."""

    status = 503
    code = "storage-error"


class DeliveryError(BriefingError):
    """An email could not be delivered."""

    status = 502
    code = "delivery-error"


class QueueUnavailableError(BriefingError):
    """The task queue's broker (BRIEFING_BROKER_URL) does not answer."""

    status = 503
    code = "queue-unavailable"
