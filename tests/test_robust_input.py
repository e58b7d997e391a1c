"""Bad input: each bad file gets one line on stderr and a non-zero exit, the batch goes on, the store
is unchanged by it; property tests feed the reader and the claim extractor arbitrary text."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consistency.articles import MAX_BYTES, ReadFailure, article_from_text, iter_articles, read_article
from consistency.cli import app
from consistency.errors import ArticleError
from consistency.store import Store
from tests.conftest import CORPUS, NEW_ARTICLE

GOOD = (
    "Title: Harbour bridge reopens after repairs\nOutlet: Test Gazette\nDate: 2026-03-07\n\n"
    "The harbour bridge in Lindmark reopened to traffic on Saturday after six weeks of repairs, "
    "the city council said. Engineers replaced 40 steel cables and resurfaced the main deck. "
    "The council said the work cost about 12 million euros and finished two days early.\n"
)
GERMAN = (
    "Title: Brücke wieder offen\nOutlet: Lindmarker Anzeiger\nDate: 2026-03-07\n\n"
    "Die Hafenbrücke in Lindmark ist nach sechs Wochen Bauarbeiten wieder für den Verkehr geöffnet, "
    "teilte der Stadtrat am Samstag mit. Die Ingenieure haben 40 Stahlseile ersetzt und die Fahrbahn "
    "erneuert. Die Arbeiten haben nach Angaben der Stadt etwa zwölf Millionen Euro gekostet und wurden "
    "zwei Tage früher als geplant abgeschlossen. Der Verkehr auf der Brücke ist seit dem Morgen wieder normal.\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))


def _bad_files(folder: Path) -> dict[str, Path]:
    """One file per kind of bad input, named for what is wrong with it."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": folder / "empty.txt",
        "whitespace": folder / "whitespace.txt",
        "nul": folder / "nul.txt",
        "png": folder / "photo.txt",
        "header_only": folder / "header-only.txt",
    }
    files["empty"].write_bytes(b"")
    files["whitespace"].write_bytes(b"  \n\t\r\n   \n")
    files["nul"].write_bytes(b"Some words\x00\x00\x00 and then binary \x00\x01\x02")
    files["png"].write_bytes(PNG)
    files["header_only"].write_text("Title: Nothing here\nOutlet: Test Gazette\n\n   \n")
    big = folder / "huge.txt"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, no time or disk to write it
        handle.truncate(200 * 1024 * 1024)
    files["huge"] = big
    return files


def test_each_bad_file_is_one_line_and_the_batch_goes_on(corpus_store_dir: Path, tmp_path: Path, runner) -> None:
    folder = tmp_path / "batch"
    bad = _bad_files(folder)
    (folder / "zz-good.txt").write_text(GOOD)
    with Store.open(corpus_store_dir, read_only=True) as store:
        before = store.counts()
    start = time.monotonic()
    result = runner.invoke(app, ["add", "--index-dir", str(corpus_store_dir), str(folder)])
    assert time.monotonic() - start < 60
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == len(bad), errors  # exactly one line per bad file, no traceback
    for name, path in bad.items():
        assert sum(path.name in line for line in errors) == 1, (name, errors)
    assert all(line.startswith("consist: error: ") for line in errors)
    text = "\n".join(errors)
    assert "empty file" in text and "whitespace only" in text and "PNG image" in text and "NUL bytes" in text
    assert "over the 20 MB limit" in text
    assert "1 added" in result.stdout and f"{len(bad)} failed" in result.stdout
    with Store.open(corpus_store_dir, read_only=True) as store:
        after = store.counts()
        outlets = {r[0] for r in store.rows("SELECT outlet FROM articles")}
    assert after["articles"] == before["articles"] + 1  # only the good file
    assert "Test Gazette" in outlets


def test_a_bad_file_alone_exits_non_zero_and_leaves_the_store_unchanged(
    corpus_store_dir: Path, tmp_path: Path, runner
) -> None:
    bad = _bad_files(tmp_path / "bad")
    with Store.open(corpus_store_dir, read_only=True) as store:
        before = store.counts()
    for path in [*bad.values(), tmp_path / "missing.txt"]:
        result = runner.invoke(app, ["check", "--index-dir", str(corpus_store_dir), str(path)])
        assert result.exit_code == ArticleError.exit_code, (path, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0], lines
    with Store.open(corpus_store_dir, read_only=True) as store:
        assert store.counts() == before


def test_missing_path_in_a_batch(tmp_path: Path, store_dir: Path, runner) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = runner.invoke(app, ["add", "--index-dir", str(store_dir), str(tmp_path / "nope.txt"), str(good)])
    assert result.exit_code == 2
    assert result.stderr.count("no such file") == 1
    assert "1 added" in result.stdout


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    start = time.monotonic()
    with pytest.raises(ArticleError, match="limit for one article"):
        read_article(big)
    assert time.monotonic() - start < 1.0


def test_feed_line_over_the_limit_is_skipped_and_the_feed_goes_on(tmp_path: Path, monkeypatch) -> None:
    import consistency.articles as articles

    monkeypatch.setattr(articles, "MAX_FEED_LINE", 1000)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "' + "x" * 5000 + '"}\n'
        '{"text": "The council said the harbour bridge reopened on Saturday.", "outlet": "Test Gazette"}\n'
    )
    items = list(iter_articles([feed]))
    assert [type(i).__name__ for i in items] == ["ReadFailure", "Article"]
    assert "over the" in items[0].message  # type: ignore[union-attr]


def test_non_utf8_text_is_decoded_and_says_so(tmp_path: Path) -> None:
    body = (
        "Le café de la gare a fermé après vingt ans, a déclaré la propriétaire. "
        "The owner said the café near the station closed after twenty years; the façade stays."
    )
    for encoding in ("latin-1", "cp1252"):
        path = tmp_path / f"{encoding}.txt"
        extra = " “Quoted” – end." if encoding == "cp1252" else " Prix : 3 €."[:0]
        text = f"Outlet: Test Gazette\nTitle: Café closes\n\n{body}{extra}\n"
        path.write_bytes(text.encode(encoding))
        article = read_article(path)
        assert article.body == text.split("\n\n", 1)[1].strip()
        assert any("not UTF-8" in note for note in article.notes), article.notes
        assert article.outlet == "Test Gazette"


def test_english_latin1_with_a_few_accented_names_is_read_as_western(
    tmp_path: Path, corpus_store_dir: Path, runner
) -> None:
    # a short English text naming "Zürich" came out "Z³rich" (a Baltic code page won the guess)
    path = tmp_path / "latin1.txt"
    text = (
        "Outlet: Café Zeitung\nTitle: Café\n\nThe mayor of Zürich said the café on Rue Général would close on "
        "Monday, according to officials. Police arrested three men near the café.\n"
    )
    path.write_bytes(text.encode("latin-1"))
    article = read_article(path)
    assert "Zürich" in article.body and "Général" in article.body
    assert article.outlet == "Café Zeitung"
    result = runner.invoke(app, ["check", "--index-dir", str(corpus_store_dir), "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "note: decoded as cp1252, not UTF-8" in result.stdout


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Москва заявила, что ракета не российская, а украинская.", "cp1251"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250"),
        ("Lech Wałęsa powiedział, że będzie głosować w niedzielę.", "iso8859_2"),  # not "Wa³êsa"
    ],
)
def test_other_code_pages_are_still_detected(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "other.txt"
    path.write_bytes(f"Outlet: Test Gazette\n\n{text}\n".encode(encoding))
    assert read_article(path).body == text


def test_thousands_of_non_text_files_make_one_line(tmp_path: Path, store_dir: Path, runner) -> None:
    folder = tmp_path / "dump"
    (folder / "img").mkdir(parents=True)
    for i in range(1500):
        (folder / "img" / f"p{i}.png").write_bytes(PNG)
    for i in range(500):
        (folder / f"blob{i}.bin").write_bytes(b"\x00\x01")
    (folder / "story.txt").write_text(GOOD)
    start = time.monotonic()
    result = runner.invoke(app, ["add", "--index-dir", str(store_dir), str(folder)])
    assert time.monotonic() - start < 60
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines[:5]
    assert "skipped 2000 file(s)" in lines[0] and "1500 .png" in lines[0] and "500 .bin" in lines[0]
    assert "1 added" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)
    path.chmod(0)
    with pytest.raises(ArticleError, match="permission denied"):
        read_article(path)


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root chmod 000 does not stop reads, so the refusal from the OS is simulated."""
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ArticleError, match="permission denied"):
        read_article(path)


def test_special_file_is_refused_not_read_forever() -> None:
    with pytest.raises(ArticleError, match="not a regular file"):
        read_article("/dev/zero")


@pytest.mark.parametrize("value", ["the day after never", "2026-13-45", "32/32/2026", "yesterday-ish", "99999999"])
def test_nonsense_date_is_noted_not_fatal(value: str) -> None:
    article = article_from_text(f"Date: {value}\nOutlet: Test Gazette\n\n{GOOD.split(chr(10) * 2, 1)[1]}", "x.txt")
    assert article.published_at is None
    assert any("not understood" in note for note in article.notes)


def test_one_50000_character_line(tmp_path: Path, store_dir: Path, runner) -> None:
    sentence = "The council said the bridge reopened after repairs that cost about 12 million euros, "
    path = tmp_path / "long.txt"
    path.write_text("Outlet: Test Gazette\n\n" + (sentence * (50_000 // len(sentence) + 1))[:50_000])
    article = read_article(path)
    assert len(article.body) == 50_000 and article.title is None  # no 50k-character title
    start = time.monotonic()
    result = runner.invoke(app, ["add", "--index-dir", str(store_dir), str(path)])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 60
    assert "1 added" in result.stdout


def test_another_language_is_marked_and_yields_no_claims(tmp_path: Path, store_dir: Path, runner) -> None:
    path = tmp_path / "de.txt"
    path.write_text(GERMAN)
    article = read_article(path)
    assert article.language == "de"
    assert any("German" in note and "no claims" in note for note in article.notes)
    Store.open(store_dir).close()  # `check` records into an existing store only
    result = runner.invoke(app, ["check", "--index-dir", str(store_dir), "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert '"language": "de"' in result.stdout
    assert '"claims": []' in result.stdout
    with Store.open(store_dir, read_only=True) as store:
        assert store.rows("SELECT language, count(*) FROM articles GROUP BY language") == [("de", 1)]
        assert store.counts()["claims"] == 0


def test_english_articles_stay_english() -> None:
    for path in [*sorted(CORPUS.glob("*.txt")), NEW_ARTICLE]:
        assert read_article(path).language == "en", path


# ---- property tests -------------------------------------------------------------------------
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000))
def test_article_from_text_never_raises_anything_else(text: str) -> None:
    try:
        article = article_from_text(text, "prop.txt")
    except ArticleError as exc:
        assert "\n" not in str(exc)
        return
    assert article.body.strip() and article.outlet and article.content_hash


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000))
def test_read_article_on_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "prop.txt"
    path.write_bytes(data)
    try:
        read_article(path)
    except ArticleError as exc:
        assert str(exc).startswith(str(path))


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from(list(" .,;:!?\"'()-—\n0123456789%$€"))), max_size=1500
    )
)
def test_claim_extractor_never_raises(text: str) -> None:
    from consistency.claims import extract_claims

    for claim in extract_claims(text):
        assert 0 <= claim.start_char <= claim.end_char <= len(text)


def test_a_lone_surrogate_in_a_text_is_no_crash() -> None:
    from consistency.claims import extract_claims

    assert extract_claims("A\ud800") == []
    found = extract_claims("Dock workers stayed off the job for a third day. \ud800 The port stayed shut on Friday.")
    assert [c.text for c in found][:1] == ["Dock workers stayed off the job for a third day."]


def test_a_lone_surrogate_in_a_feed_is_read(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "The port \\ud800 stayed shut on Friday after the strike.", "outlet": "Feed Daily"}\n')
    found = list(iter_articles([feed]))
    assert len(found) == 1 and not isinstance(found[0], ReadFailure) and "\ufffd" in found[0].body
