"""Errors raised by briefing.

The core never returns ``None`` to mean failure: it raises one of these, and each edge
(CLI, web pages, REST API) presents it in its own way.

    BriefingError                  base of everything briefing raises on purpose
    ├── InputError                 the article itself is unusable (CLI exit 1, HTTP 4xx)
    │   ├── EmptyInputError        nothing but whitespace
    │   ├── BinaryInputError       bytes that are not text in any encoding we read
    │   ├── UnsupportedFormatError a file type we cannot read (HTTP 415)
    │   ├── InputTooLargeError     over a configured size limit: an article, a batch (HTTP 413)
    │   │   └── OverBudgetError    would take longer than BRIEFING_REQUEST_BUDGET (HTTP 413)
    │   ├── NoSentencesError       text with no sentence to summarise
    │   ├── UnreadableFileError    a named file cannot be opened (missing, a folder, no access)
    │   └── FetchError             a URL briefing will not or could not fetch
    │       ├── BadURLError        not an http(s) address with a host (HTTP 400)
    │       ├── PrivateAddressError  the host is on a private network (HTTP 403)
    │       ├── FetchTimeoutError  the page did not answer in time
    │       ├── TooManyRedirectsError
    │       ├── FetchTooLargeError the page is over the fetch size limit (HTTP 413)
    │       ├── ContentTypeError   not an HTML or text page, not a feed (HTTP 415)
    │       └── RobotsDisallowedError  a feed or entry the site's robots.txt keeps
    │                              briefing from (HTTP 403)
    ├── OptionsError               a length, method or other option out of range
    │   └── RequestError           an article request that is malformed: an unknown
    │       │                      field, a value of the wrong type (HTTP 400)
    │       └── NestingError       JSON nested deeper than BRIEFING_MAX_JSON_DEPTH (HTTP 400)
    ├── NotFoundError              an id or date with nothing stored (HTTP 404)
    ├── StorageError               the archive could not be read or written
    │   └── ReadOnlyArchiveError   a write to an archive opened read-only (HTTP 503)
    ├── DeliveryError              an email could not be sent
    ├── QueueUnavailableError      the task queue's broker does not answer (HTTP 503)
    └── ProblemError               refused at the web edge before the core saw it (bad JSON,
                                   wrong content type, no API key): status and code per case
"""

from __future__ import annotations

from typing import Any


class BriefingError(Exception):
    """Base class: every error briefing raises on purpose derives from it."""

    #: HTTP status an edge should answer with; subclasses refine it.
    status: int = 400
    #: short machine-readable slug used in problem+json ``type`` URIs.
    code: str = "briefing-error"

    def __init__(
        self,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        #: response headers an HTTP edge should send with it (Allow, Retry-After, ...)
        self.headers: dict[str, str] = dict(headers or {})
        #: more members for a problem+json document (validation ``errors``, ...)
        self.extra: dict[str, Any] = dict(extra or {})


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


class OverBudgetError(InputTooLargeError):
    """The work would take longer than a request may (BRIEFING_REQUEST_BUDGET): use the queue."""

    code = "over-budget"


class NoSentencesError(InputError):
    """The text holds no sentence that could be summarised."""

    code = "no-sentences"


class UnreadableFileError(InputError):
    """A file named on the command line cannot be opened: missing, a folder, no access."""


class FetchError(InputError):
    """A URL briefing will not or could not fetch."""

    status = 422
    code = "fetch-failed"


class BadURLError(FetchError):
    """The address is not an http or https URL with a host name."""

    status = 400
    code = "bad-url"


class PrivateAddressError(FetchError):
    """The address is on a private network (loopback, link-local, private ranges)."""

    status = 403
    code = "private-address"


class FetchTimeoutError(FetchError):
    """The page did not answer within the fetch time limit."""

    status = 422
    code = "fetch-timeout"


class TooManyRedirectsError(FetchError):
    """The page redirected more times than allowed."""

    code = "too-many-redirects"


class RobotsDisallowedError(FetchError):
    """The site's robots.txt does not let briefing fetch this feed or entry."""

    status = 403
    code = "robots-disallowed"


class FetchTooLargeError(FetchError, InputTooLargeError):
    """The page is larger than the fetch size limit."""

    status = 413
    code = "page-too-large"


class ContentTypeError(FetchError):
    """The page is not of a type briefing reads (HTML or text, or a feed)."""

    status = 415
    code = "unsupported-content-type"


class OptionsError(BriefingError):
    """An option is unknown or out of range."""

    status = 400
    code = "bad-option"


class RequestError(OptionsError):
    """An article request is malformed: an unknown field or a value of the wrong type."""

    code = "bad-request"


class NestingError(RequestError):
    """JSON nested deeper than the limit (BRIEFING_MAX_JSON_DEPTH); refused unparsed."""

    code = "json-too-deep"


class NotFoundError(BriefingError):
    """Nothing is stored under that id or date."""

    status = 404
    code = "not-found"


class StorageError(BriefingError):
    """The archive could not be read or written."""

    status = 503
    code = "storage-error"


class ReadOnlyArchiveError(StorageError):
    """The archive is read-only: briefs can be read, not stored or deleted."""

    code = "archive-read-only"


class DeliveryError(BriefingError):
    """An email could not be delivered."""

    status = 502
    code = "delivery-error"


class QueueUnavailableError(BriefingError):
    """The task queue's broker (BRIEFING_BROKER_URL) does not answer."""

    status = 503
    code = "queue-unavailable"


class ProblemError(BriefingError):
    """An error found at the web edge (bad JSON, wrong content type, missing key, ...)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, headers=headers, extra=extra)
        self.status = status
        self.code = code
