"""Page-number pagination of the API's lists, with the page number bounded."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

#: The highest page number a list accepts: far past any real list (100 items a page at most).
MAX_PAGE = 1_000_000


class BoundedPageNumberPagination(PageNumberPagination):
    """ninja's ``?page=&page_size=`` pagination whose ``page`` is at most ``MAX_PAGE``.

    Without a bound, ``?page=10**20`` asks the database for an OFFSET past its 64-bit integers
    (SQLite: "datatype mismatch", PostgreSQL: "bigint out of range"), a server error that the
    API fuzz test found (tests/test_api_fuzz.py). A larger page is now an invalid parameter
    (422) like any other; a page past the last one but within the bound is an empty list.
    ``page_size`` is still cut to the list's maximum (100) rather than refused.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE, description="Items a page; more than 100 is cut to 100."
        )
