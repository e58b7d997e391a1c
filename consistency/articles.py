"""Reading articles: plain text with an optional header, Markdown, HTML pages and JSON-lines feeds.

Reading is the only stage that touches input files. It refuses what is not an article (missing,
empty, binary, too large) with an `ArticleError` naming the file, and decodes non-UTF-8 text with
charset-normalizer, noting the encoding it found.

Limits (a file over them is refused with a one-line reason, never half read):
  MAX_BYTES   20 MB on disk for one article file (a .jsonl feed may be any size: it is streamed)
  MAX_CHARS   1,000,000 characters of decoded text per article (spaCy's own ceiling)
  MAX_FEED_LINE  20 MB for one line of a feed; a longer line is skipped, the feed goes on
An article in another language than English is read and stored, marked with its language, and no
claims are extracted from it (see consistency/language.py).

`read_input` is what `check` and `claims` read: one article file, a feed (one article per line,
as `add` reads it), or `-` for standard input, which is a feed when its first line is a JSON
object with a `text` field and one plain-text article otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from consistency.errors import ArticleError
from consistency.language import detect_language, english_only, replace_surrogates
from consistency.models import Article
from consistency.outlets import canonical_outlet, is_wire, outlet_key

MAX_BYTES = 20 * 1024 * 1024  # one article; a feed (.jsonl) may be larger, it is streamed
MAX_FEED_LINE = MAX_BYTES
MAX_CHARS = 1_000_000
# Files that are plainly not text, named so the message says what was found.
_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"), (b"\x1f\x8b", "gzip archive"), (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"), (b"\xd0\xcf\x11\xe0", "Office document"), (b"SQLite format 3", "SQLite database"),
)  # fmt: skip
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}  # ESC: hostile text is read, reports strip it
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
NO_DATE_NOTE = "no date; ordered by time of adding"  # (reports say "undated" on the article's line)
STDIN = "-"  # the file name that means standard input, for `check` and `claims`
STDIN_NAME = "stdin"  # what messages call standard input, and its feed lines ("stdin:3")

_KNOWN_KEYS = {"title", "outlet", "date", "url", "author", "source", "published", "site"}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,30}):[ \t]*(.*)$")
# "WASHINGTON (CNN) —", "(CNN) —", "LONDON, March 3 (Reuters) -"
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’\- ]{0,40}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*)?"
    r"\((?P<outlet>[A-Z][\w.&'’ -]{0,40})\)\s*[—–-]{1,2}\s*"
)
_FOOTER = re.compile(
    r"^\s*The post\s+(?P<title>.+?)\s+appeared first on\s+(?P<site>.+?)\s*\.?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# other republishing footers that name where the text comes from: "Originally published by X.",
# "This article first appeared on X.", "Republished with permission from X.", "(via X)"
_SOURCE_FOOTER = re.compile(
    r"^\s*\(?(?:This\s+(?:article|story|post|report)\s+(?:was\s+)?(?:originally|first)\s+(?:appeared|published|ran)"
    r"(?:\s+(?:on|in|at|by))?|Originally\s+(?:published|appeared)(?:\s+(?:on|in|at|by))?"
    r"|Republished(?:\s+with\s+permission)?\s+from|Via)\s+(?P<site>(?-i:[A-Z])[\w.&'’ -]{1,60}?)\s*\)?\s*\.?\s*$",
    re.IGNORECASE,
)
_TRAILING_WIRE = re.compile(r"[—–-]\s*(?P<wire>AP|AFP|Reuters|dpa)\s*$")
_TAIL = 4000  # characters at the end of a body searched for a republishing footer


def _source_footer(body: str) -> str | None:
    """The site a republished text names in its last line ("Originally published by X.")."""
    lines = [line for line in body[-_TAIL:].splitlines() if line.strip()]
    m = _SOURCE_FOOTER.match(lines[-1]) if lines else None
    return m.group("site").strip(" .") if m else None


# a date line near the top of a pasted page: "Published 14 November 2026", "Nov. 14, 2026 10:32 AM
# EST", "Updated: 2026-11-14", "Tarvik Daily, Saturday 14 November 2026" (a full date with its year)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_IN_LINE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?=T\d|\b))(?:\b|(?=T\d))",
    re.IGNORECASE,
)
# "voted on 3 March 2026", "by 31 March 2027": a date of the news, not of the page
_EVENT_DATE = re.compile(r"\b(?:on|by|until|since|from|before|after|in|of)\s*$", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|last modified|modified)\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|released|issued)\b", re.IGNORECASE)
_DATE_LINE_MAX = 100  # characters: a sentence that mentions a date is no date line ...
_DATE_LINE_WORDS = 5  # ... nor is a line with more words than "By Lena Osk, Tarvik Daily," beside its date


# "https://..." given as a file; a Path has already folded its "//" into "/"
_URL = re.compile(r"^(https?|ftp):/+(?=[^/])", re.IGNORECASE)


def url_refusal(path: Path | str) -> str | None:
    """The one-line reason for a URL given where a file is expected (consist reads no web pages), or None."""
    text = str(path)
    if _URL.match(text) is None:
        return None
    url = _URL.sub(lambda m: m.group(1) + "://", text, count=1)
    return f"{url}: consist does not read URLs; save the page as a .html file and give that file"


@dataclass
class ReadFailure:
    """A file in a batch that could not be read; the batch goes on."""

    path: Path
    message: str


def content_hash(body: str, outlet: str = "") -> str:
    """Whitespace-insensitive, so re-saving a file is not a new article; the outlet is part of it,
    since the same wire text run by two sites is two articles (one a copy of the other)."""
    text = outlet_key(outlet) + "\n" + " ".join(body.split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """Text from bytes; refuses binary. Returns (text, encoding if it was not UTF-8)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(f"{path}: binary file ({kind}), not an article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _refuse_controls(data.decode("utf-16"), path), "utf_16"
        except UnicodeDecodeError:
            raise ArticleError(f"{path}: broken UTF-16 text") from None
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{path}: binary file (NUL bytes), not an article")
    try:
        return _refuse_controls(data.decode("utf-8-sig"), path), None
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western is not None:
        return _refuse_controls(western, path), "cp1252"
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    # Single-byte Latin code pages often tie on short text; the Western one (what browsers assume for
    # Latin-1 too) wins a tie, since news in those languages is far more often written in it.
    for match in results:
        if best is not None and match.encoding in _WESTERN and match.chaos <= best.chaos:
            if match.coherence >= best.coherence - 0.01:
                best = match
                break
    if best is None:
        raise ArticleError(f"{path}: binary file (not text in any encoding we can detect), not an article")
    return _refuse_controls(str(best), path), best.encoding


# what Western text holds beyond ASCII: accented letters, typographic quotes and dashes, symbols
# (not the Latin-1 symbols that are Polish or Czech letters in Latin-2 and cp1250: ³ ¿ ¹ ¼ ¾ ± ª º)
_WESTERN_EXTRA = frozenset("“”‘’‚„–—…•€£¥¢©®™°·«»×÷\xa0")
_SYMBOL_IN_WORD = re.compile(r"[^\W\d_][\xa1-\xbf][^\W\d_]")  # "Wa³êsa": ł in Latin-2
_WESTERN_SHARE = 0.2  # of letters, at most, accented (Cyrillic read as cp1252 is all "accented")


def _western(data: bytes) -> str | None:
    """The text as Windows-1252 (which covers Latin-1's letters), when it reads as English news.

    charset-normalizer ranks Baltic and Central European code pages above it on short English text
    with a few accented names ("Zürich" came out "Z³rich" as cp775), and never offers cp1252 at
    all. For an English tool the Western page is the likely one: taken when every byte beyond
    ASCII decodes to a Latin letter or a typographic mark, and such letters are a small share.
    Text in another language or code page falls through to the detector."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    beyond = [ch for ch in text if ord(ch) > 127]
    if any(not ("\xc0" <= ch <= "\xff" or ch in _WESTERN_EXTRA) for ch in beyond):
        return None
    if _SYMBOL_IN_WORD.search(text):
        return None  # "Wa£êsa": a symbol inside a word is a letter of another code page
    letters = sum(ch.isalpha() for ch in text)
    accented = sum(ch.isalpha() for ch in beyond)
    return text if letters and accented <= _WESTERN_SHARE * letters else None


def _refuse_controls(text: str, path: Path) -> str:
    """Text where more than 1 % of characters are control codes is binary data that happened to decode."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs"))
    if controls and controls > 0.01 * len(sample):
        raise ArticleError(f"{path}: binary file ({controls} control characters), not an article")
    return text


def _regular_file(path: Path) -> os.stat_result:
    """The file's status; a missing file, a URL, a folder or a device is refused with a one-line reason."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ArticleError(url_refusal(path) or f"{path}: no such file") from None
    except PermissionError:
        raise ArticleError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError(f"{path}: is a directory (use `consist add` for folders)")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError(f"{path}: not a regular file (device, pipe or socket)")
    return info


def _read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing before reading anything that is over the limit or not a regular file."""
    info = _regular_file(path)
    try:
        if info.st_size > limit:
            raise ArticleError(
                f"{path}: {info.st_size / 1e6:.0f} MB is over the {limit // 1_000_000} MB limit for one article"
            )
        with path.open("rb") as handle:  # bounded: a file that grows while we read is still refused
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise ArticleError(f"{path}: over the {limit // 1_000_000} MB limit for one article")
        return data
    except PermissionError:
        raise ArticleError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None


def parse_date(value: str) -> datetime | None:
    """A date from a header or feed; None (with no exception) when it is nonsense."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    try:
        from dateutil import parser

        parsed = parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1900 <= parsed.year <= 2200:
        return None
    return parsed.replace(tzinfo=None)


def is_date_line(line: str) -> bool:
    """A line that only dates the page ("Published 21 November 2026", "Nov. 20, 2026 10:32 AM"):
    a full date and at most a few words beside it."""
    line = line.strip()
    m = _DATE_IN_LINE.search(line) if len(line) <= _DATE_LINE_MAX and "://" not in line and "www." not in line else None
    if m is None:
        return False
    before = line[: m.start()]
    if _EVENT_DATE.search(before) and not _PUBLISHED.search(before):
        return False
    return len(re.findall(r"[A-Za-z]+", _DATE_IN_LINE.sub(" ", line))) <= _DATE_LINE_WORDS


def date_from_top_lines(body: str, lines: int = 8) -> tuple[datetime, str] | None:
    """A page pasted from a browser dates itself in a short line above the text ("Published 14
    November 2026"). A "Published" date beats a bare one, which beats an "Updated" one (first-
    reporter credit wants the first publication). A headline's date ("Berlin Wall fell on 9 November
    1989"), a date in a link and a date still to come are no publication date (see is_date_line)."""
    found: list[tuple[int, int, datetime, str]] = []
    latest = datetime.now() + timedelta(days=1)
    top = [ln.strip() for ln in body[:2000].splitlines() if ln.strip()][:lines]
    for row, line in enumerate(top):
        if not is_date_line(line):
            continue  # no date, or a sentence that mentions one
        start = 0
        for m in _DATE_IN_LINE.finditer(line):
            before, start = line[start : m.start()], m.end()
            rank = 0 if _PUBLISHED.search(before) else 2 if _UPDATED.search(before) else 1
            when = parse_date(m.group(0).replace(".", ""))
            if when is None or when > latest:
                continue
            found.append((rank, row, when, line))
    if not found:
        return None
    _, _, when, line = min(found, key=lambda f: (f[0], f[1]))
    return when, line


def split_header(text: str) -> tuple[dict[str, str], str, int]:
    """The `Key: Value` block at the very top, if it is one; returns (header, body, body offset)."""
    stripped = text.lstrip("\ufeff")
    head, sep, rest = stripped.partition("\n\n")
    if not sep:
        head, sep, rest = stripped.partition("\r\n\r\n")
    if not sep:
        return {}, text, 0
    lines = [ln for ln in head.splitlines() if ln.strip()]
    fields: dict[str, str] = {}
    for line in lines:
        m = _HEADER_LINE.match(line.strip())
        if not m:
            return {}, text, 0
        fields[m.group(1).strip().lower()] = m.group(2).strip()
    if not fields or not (set(fields) & _KNOWN_KEYS):
        return {}, text, 0
    offset = len(text) - len(rest)
    return fields, rest, offset


def article_from_text(text: str, source: Path | str, *, defaults: dict[str, str] | None = None) -> Article:
    """Header, dateline and footer give outlet, title and date; the file name is the last resort."""
    source = Path(source)
    if len(text) > MAX_CHARS:
        raise ArticleError(f"{source}: {len(text):,} characters is over the {MAX_CHARS:,} limit for one article")
    header, body, _ = split_header(text)
    fields = {**(defaults or {}), **{k: _one_line(v) for k, v in header.items() if v}}
    fields = {k: v for k, v in fields.items() if v}
    body = body.strip("\n\r ")
    if not body.strip():
        raise ArticleError(f"{source}: empty article (no text after the header)" if header else f"{source}: empty file")
    notes: list[str] = []
    article = Article(outlet="", body=body, source_path=str(source))
    article.title = fields.pop("title", None) or None
    article.url = fields.pop("url", None) or None
    article.author = fields.pop("author", None) or None
    raw_date = fields.pop("date", None) or fields.pop("published", None)
    if raw_date:
        article.published_at = parse_date(raw_date)
        if article.published_at is None:
            notes.append(f"date {raw_date!r} not understood; ordered by time of adding")
    elif (line_date := date_from_top_lines(body)) is not None:
        article.published_at, line = line_date
        notes.append(f"date read from the line {line!r}")
    else:
        notes.append(NO_DATE_NOTE)

    # "(CNN) —" opens the first paragraph, which a byline or an "Updated ..." line may precede
    dateline = next(filter(None, (_DATELINE.match(line) for line in body[:600].splitlines()[:6])), None)
    footers = list(_FOOTER.finditer(body[-_TAIL:]))  # footers close an article; bounded for very long lines
    footer = footers[-1] if footers else None
    if footer is not None:
        article.republished_from = canonical_outlet(footer.group("site"))
        article.title = article.title or footer.group("title").strip()
    elif (source_line := _source_footer(body)) is not None:
        article.republished_from = canonical_outlet(source_line)
    if dateline and is_wire(dateline.group("outlet")):
        article.wire = canonical_outlet(dateline.group("outlet"))
    elif (trailing := _TRAILING_WIRE.search(body[-200:])) is not None:
        article.wire = canonical_outlet(trailing.group("wire"))

    outlet = fields.pop("outlet", None) or fields.pop("site", None) or fields.pop("source", None)
    if outlet:
        article.outlet, article.outlet_source = canonical_outlet(outlet), "header"
    elif dateline:
        article.outlet, article.outlet_source = canonical_outlet(dateline.group("outlet")), "dateline"
    elif article.republished_from:
        article.outlet, article.outlet_source = article.republished_from, "footer"
    else:
        article.outlet, article.outlet_source = source.stem, "filename"
        notes.append(f"no outlet in the text; using the file name {source.stem!r}")
    if not article.title:
        first = body.strip().splitlines()[0].strip()
        article.title = first[:120] if len(first) <= 160 and not first.endswith(".") else None
    article.metadata = {k: v for k, v in fields.items()}
    article.language = detect_language(body)
    if (unread := english_only(article.language)) is not None:
        notes.append(f"{unread}; no claims extracted")
    article.notes = notes
    article.content_hash = content_hash(body, article.outlet)
    return article


def _one_line(value: str) -> str:
    """Header values are single-line labels: control characters (ANSI escapes included) are dropped."""
    return " ".join("".join(ch for ch in value if unicodedata.category(ch) != "Cc").split())


def read_article(path: Path | str) -> Article:
    """One article file (.txt, .md, .html). Raises ArticleError with a one-line reason."""
    path = Path(path)
    return article_from_bytes(_read_bytes(path), path)


def article_from_bytes(data: bytes, path: Path) -> Article:
    """One article from a file's bytes, named `path` (its suffix says HTML or text)."""
    if not data:
        raise ArticleError(f"{path}: empty file")
    if not data.strip():
        raise ArticleError(f"{path}: empty file (whitespace only)")
    text, encoding = decode(data, path)
    if not text.strip():
        raise ArticleError(f"{path}: empty file (whitespace only)")
    if path.suffix.lower() in HTML_SUFFIXES:
        article = _article_from_html(text, path)
    else:
        article = article_from_text(text, path)
    if encoding:
        article.notes.append(f"decoded as {encoding}, not UTF-8")
    return article


def _article_from_html(html: str, path: Path) -> Article:
    try:
        import trafilatura
    except ImportError as exc:  # a broken install must not look like a broken article
        why = str(exc).splitlines()[0]
        raise ArticleError(f"{path}: cannot read HTML pages, trafilatura failed to import ({why})") from exc

    doc = trafilatura.bare_extraction(html, with_metadata=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ArticleError(f"{path}: no article text found in the HTML page")
    defaults = {
        k: str(v)
        for k, v in {
            "title": getattr(doc, "title", None),
            "outlet": getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
            "date": getattr(doc, "date", None),
            "url": getattr(doc, "url", None),
            "author": getattr(doc, "author", None),
        }.items()
        if v
    }
    article = article_from_text(text.replace("\n", "\n\n"), path, defaults=defaults)
    if article.outlet_source == "header":
        article.outlet_source = "html"
    return article


def read_feed(path: Path) -> Iterator[Article | ReadFailure]:
    """A .jsonl feed: one JSON object per line with `text` and optional title/outlet/date/url."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadFailure(path, f"{path}: cannot read ({exc.strerror or exc})")
        return
    with handle:
        yield from _feed_articles(path, _feed_lines(handle))


def _feed_articles(path: Path, lines: Iterable[bytes | None]) -> Iterator[Article | ReadFailure]:
    """The articles of a feed's lines (None for a line over the limit); a bad line is a failure, the feed goes on."""
    for lineno, raw in enumerate(lines, start=1):
        where = f"{path}:{lineno}"
        if raw is None:
            yield ReadFailure(path, f"{where}: line over the {MAX_FEED_LINE // 1_000_000} MB limit; skipped")
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(decode(raw, Path(where))[0])
        except (ValueError, ArticleError) as exc:
            yield ReadFailure(path, f"{where}: not a JSON object ({str(exc).splitlines()[0][:80]})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ReadFailure(path, f"{where}: no `text` field")
            continue
        # JSON may escape a lone surrogate ("\ud800"), which no UTF-8 (nor the content hash) can carry
        defaults = {
            k: replace_surrogates(str(record[k])) for k in ("title", "outlet", "date", "url", "author") if record.get(k)
        }
        try:
            article = article_from_text(replace_surrogates(record["text"]), Path(where), defaults=defaults)
        except ArticleError as exc:
            yield ReadFailure(path, str(exc))
            continue
        if article.outlet_source == "header" and "outlet" in defaults:
            article.outlet_source = "jsonl"
        yield article


def _feed_lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """Lines of a feed, each read with a bound; None stands for a line over MAX_FEED_LINE (skipped)."""
    while True:
        line = handle.readline(MAX_FEED_LINE + 1)
        if not line:
            return
        if len(line) <= MAX_FEED_LINE or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # drain the rest of the long line without keeping it
            line = handle.readline(1 << 20)
        yield None


def is_feed(path: Path) -> bool:
    return path.suffix.lower() in FEED_SUFFIXES


def read_input(path: Path, stdin: BinaryIO | None = None) -> Article | Iterator[Article | ReadFailure]:
    """What `check` and `claims` were given: one article (an unreadable one raises ArticleError), or
    for a feed its articles, read line by line as `add` reads them (a bad line is a ReadFailure).

    `-` is standard input (`stdin`): a feed when its first line is a JSON object with a `text`
    field, which no article's first line is; else one plain-text article."""
    if str(path) == STDIN:
        if stdin is None:
            raise ArticleError(f"{STDIN_NAME}: no standard input to read")
        return _read_stdin(stdin)
    if is_feed(path):
        _regular_file(path)  # a missing feed (or a URL) is refused at once, not as its first line
        return read_feed(path)
    return read_article(path)


def _read_stdin(handle: BinaryIO) -> Article | Iterator[Article | ReadFailure]:
    name = Path(STDIN_NAME)
    first = handle.readline(MAX_FEED_LINE + 1)
    if _is_feed_line(first):
        return _feed_articles(name, chain([first], _feed_lines(handle)))
    data = first + handle.read(max(0, MAX_BYTES + 1 - len(first)))
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{STDIN_NAME}: over the {MAX_BYTES // 1_000_000} MB limit for one article")
    return article_from_bytes(data, name)


def _is_feed_line(line: bytes) -> bool:
    """A feed's line: a JSON object with a `text` string."""
    if not line.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):  # a BOM may open the stream
        return False
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)


def iter_paths(paths: list[Path]) -> Iterator[Path | ReadFailure]:
    """Files under the given paths, sorted, recursing into folders.

    Files in a folder that are not articles (images, archives, ...) are summed up in one line per
    folder given, by extension, instead of one line each: a folder of thousands must not flood stderr.
    """
    for root in paths:
        if not root.exists():
            yield ReadFailure(root, url_refusal(root) or f"{root}: no such file or directory")
            continue
        if not root.is_dir():
            yield root
            continue
        skipped: dict[str, int] = {}
        for path in _walk(root):
            if path.name.lower() in ("readme.md", "readme.txt"):
                continue  # a folder's own notes, not an article
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                ext = path.suffix.lower() or "(no extension)"
                skipped[ext] = skipped.get(ext, 0) + 1
        if skipped:
            total = sum(skipped.values())
            kinds = ", ".join(f"{n} {ext}" for ext, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
            what = f"skipped {total} file(s) that are not .txt, .md, .html or .jsonl"
            yield ReadFailure(root, f"{root}: {what} ({kinds})")


def _walk(root: Path) -> list[Path]:
    """Regular files under `root`, sorted; hidden files and folders are left out, symlinked folders not followed."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = Path(folder, name)
            try:
                if stat.S_ISREG(path.stat().st_mode):
                    found.append(path)
            except OSError:
                continue
    return sorted(found)


def iter_articles(paths: list[Path]) -> Iterator[Article | ReadFailure]:
    """Every article under `paths`, streamed; failures are yielded, never raised."""
    for item in iter_paths(paths):
        if isinstance(item, ReadFailure):
            yield item
        elif is_feed(item):
            yield from read_feed(item)
        else:
            try:
                yield read_article(item)
            except ArticleError as exc:
                yield ReadFailure(item, str(exc))
