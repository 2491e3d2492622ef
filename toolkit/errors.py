"""The one exception type the toolkit raises for bad input."""


class ToolkitError(Exception):
    """A problem with the user's input, worded as one line that names where it is.

    The CLI prints ``str(error)`` without a traceback, records it for the document and goes on.

    Examples
    --------
    >>> str(ToolkitError("pages/p3.jsonl:17: line is not JSON"))
    'pages/p3.jsonl:17: line is not JSON'
    """
