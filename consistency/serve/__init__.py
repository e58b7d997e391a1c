"""`consist serve`: review findings in the browser, and record verdicts (a Starlette app, run by uvicorn).

Routes:
  GET  /                  the review page: contested claims, most contested first, each finding
                          side by side with its evidence and reasons; filters as query
                          parameters (outlet, relation, since, until, unreviewed)
  POST /verdict           claim_id, other_claim_id, verdict (right|wrong|unsure), note, token:
                          records the verdict, then back to the list (or JSON for our script)
  GET  /static/review.js  our one script; /static/review.css the stylesheet

Safety, as in the HTML report: article text is escaped (report/review.py) and every answer
carries a Content-Security-Policy that allows only this server's own stylesheet and script.
The server listens on 127.0.0.1 unless told otherwise, answers only to the host names it is
bound to (no DNS rebinding), and a verdict needs the page's token (no other site can post one).

The store is opened per request and closed after it: a read-only connection for the page, the
writer lock for a verdict (waiting at most `lock_timeout` seconds; a verdict that cannot get it is
refused with a message, nothing written, and the note stays in the page's form). Requests touch
the store one at a time (DuckDB opens a file one way per process).
"""

from __future__ import annotations

import secrets
import threading
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from consistency.errors import ConsistError, StoreBusyError, VerdictError
from consistency.models import RELATIONS
from consistency.report.findings import verdict_words
from consistency.report.html import STYLE, esc
from consistency.report.review import REVIEW_STYLE, render_review_page
from consistency.review import ReviewFilter, outlets, review_queue
from consistency.store import Store
from consistency.verdicts import open_for_verdict, record_verdict

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
LOCK_TIMEOUT_S = 3.0  # a verdict waits this long for a writer (`consist add`), then is refused
PAGE_CLAIMS = 50  # contested claims per page
MAX_BODY = 16_384  # bytes of a verdict's form


class _SecurityHeaders:
    """Every answer, errors included, carries the headers above."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [
                    (k.lower().encode(), v.encode()) for k, v in HEADERS.items() if k.lower().encode() not in have
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _static(name: str) -> str:
    return resources.files("consistency.serve").joinpath("static", name).read_text(encoding="utf-8")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from(params: Any) -> ReviewFilter:
    """The page's query parameters as filters; a value that makes no sense is ignored."""
    relation = params.get("relation") or "contradicts"
    return ReviewFilter(
        outlet=(params.get("outlet") or "").strip() or None,
        relation=None if relation == "any" or relation not in RELATIONS else relation,
        since=_day(params.get("since")),
        until=_day(params.get("until")),
        unreviewed=params.get("unreviewed") in ("1", "on", "true"),
    )


def allowed_hosts(host: str) -> list[str]:
    if host in ("0.0.0.0", "::"):  # noqa: S104 (the user chose to listen everywhere)
        return ["*"]
    return sorted({"127.0.0.1", "localhost", "[::1]", "::1", host})


def create_app(
    directory: Path | str, *, host: str = DEFAULT_HOST, lock_timeout: float = LOCK_TIMEOUT_S, token: str | None = None
) -> Starlette:
    """The review app for the store in `directory` (which must exist: serving never creates one)."""
    directory = Path(directory)
    with Store.open(directory, read_only=True, load_index=False):
        pass  # a missing or damaged store is told now, not on the first page
    token = token or secrets.token_urlsafe(24)
    guard = threading.Lock()  # DuckDB opens a file one way per process: one request at a time

    def page(filters: ReviewFilter) -> str:
        with guard, Store.open(directory, read_only=True, load_index=False) as store:
            queue = review_queue(store, filters, limit=PAGE_CLAIMS)
            names = outlets(store)
        return render_review_page(queue, filters, names, token, str(directory))

    def record(form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        try:
            a, b = int(form.get("claim_id", "")), int(form.get("other_claim_id", ""))
        except ValueError:
            return 400, {"ok": False, "error": "claim ids must be numbers"}
        try:
            with guard, open_for_verdict(directory, lock_timeout) as store:
                made = record_verdict(store, a, b, form.get("verdict", ""), note=form.get("note"))
        except StoreBusyError as exc:
            return 503, {"ok": False, "error": f"{exc}; the verdict was not recorded, try again"}
        except VerdictError as exc:
            return 400, {"ok": False, "error": str(exc)}
        except ConsistError as exc:
            return 500, {"ok": False, "error": str(exc)}
        status = verdict_words(made.verdict) + (f" · note: {made.note}" if made.note else "")
        return 200, {"ok": True, "verdict": made.verdict, "status": status, "claim_id": a, "other_claim_id": b}

    async def index(request: Request) -> Response:
        body = await run_in_threadpool(page, filters_from(request.query_params))
        return HTMLResponse(body)

    async def verdict(request: Request) -> Response:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return JSONResponse({"ok": False, "error": "form too large"}, status_code=413)
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items()}
        if not secrets.compare_digest(form.get("token", ""), token):
            return JSONResponse({"ok": False, "error": "stale or missing page token; reload the page"}, status_code=403)
        code, reply = await run_in_threadpool(record, form)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse(reply, status_code=code)
        if code != 200:
            return HTMLResponse(f"<p>Not recorded: {esc(reply['error'])}</p>", status_code=code)
        back = form.get("next") or "/"
        parts = urlsplit(back)
        if parts.scheme or parts.netloc or not back.startswith("/"):  # only back to this server's own pages
            back = "/"
        return RedirectResponse(f"{back}#f-{form['claim_id']}-{form['other_claim_id']}", status_code=303)

    async def script(_: Request) -> Response:
        return Response(_static("review.js"), media_type="text/javascript; charset=utf-8")

    async def style(_: Request) -> Response:
        return Response(STYLE + REVIEW_STYLE, media_type="text/css; charset=utf-8")

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/verdict", verdict, methods=["POST"]),
        Route("/static/review.js", script, methods=["GET"]),
        Route("/static/review.css", style, methods=["GET"]),
    ]
    middleware = [Middleware(_SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.token = token
    return app
