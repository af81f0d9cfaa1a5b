"""Bench-only: the number of SQL queries of each response, in the X-Bench-Queries header.

Enabled by portal.settings.bench (BENCH_COUNT_QUERIES); never part of production settings.
Outermost, so the session and user lookups are counted as well.
"""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counted(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response.headers[HEADER] = str(count)
        return response
