"""A cheap language check, so an article in another language is marked and not read for claims.

The claim extractor and the judge are built for English; run on German or French they would
invent "claims" from mis-parsed sentences. Function words give a reliable signal at article
length without a model: English news prose is 35-50 % function words from a short list, while
another language written in Latin script scores far below that on the English list and high on
its own. Non-Latin scripts are recognised from the letters themselves.
"""

from __future__ import annotations

import re
import unicodedata

UNDETERMINED = "und"  # too little text to say; treated like English (the extractor finds little)
READABLE = frozenset({"en", UNDETERMINED})

NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "sv": "Swedish", "pl": "Polish", "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian",
    "el": "Greek", "ar": "Arabic", "he": "Hebrew", "hi": "Hindi", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean", "th": "Thai",
}  # fmt: skip

# Function words that are frequent in one language and rare in the others (shared words left out).
_STOPWORDS = {
    "en": "the of and to is was are were that this with for on by from have has had it its be been "
    "which who will would said not but they their there an at as or than after about",
    "de": "der die und das ist nicht mit ein eine einen dem den des sich auf für von zu im auch "
    "wurde werden sind war hat nach aus bei wie oder noch nur über",
    "fr": "le la les et est une des du dans pour pas que qui sur au aux avec ce cette sont été "
    "par il elle ont mais ou leur selon plus",
    "es": "el la los las y es una del que en por con para se su sus como pero fue han según más "
    "este esta lo al sido muy",
    "it": "il lo la gli le di che è una del della per con non sono sul nel alla anche più ha "
    "stato questo questa dei delle",
    "pt": "o os as e é um uma do da dos das que em no na com para não por se foi são pelo pela mais seu sua também",
    "nl": "de het een en van is niet met op voor zijn dat die er ook aan wordt werd door bij "
    "naar hij zij heeft uit als",
    "sv": "och att det som en är av för med på inte har till den de om var ett från han hon vid efter också",
    "pl": "i w na nie z się do że jest to o jak po przez od za jego jej są oraz który która było także",
    "tr": "ve bir bu da de için ile olarak çok daha ama gibi olan sonra kadar ancak değil göre ise",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+")
_SCRIPTS = (
    ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("HANGUL", "ko"), ("CJK", "zh"), ("CYRILLIC", "ru"),
    ("ARABIC", "ar"), ("HEBREW", "he"), ("GREEK", "el"), ("DEVANAGARI", "hi"), ("THAI", "th"),
)  # fmt: skip
SAMPLE_CHARS = 20_000  # enough to decide; bounds the cost on very long articles
MIN_WORDS = 12
MIN_RATIO = 0.12


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """A lone surrogate (a JSON escape such as "\\ud800") is no text UTF-8, spaCy or the tokenizer
    can carry: each becomes U+FFFD, one character for one, so offsets hold."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def detect_language(text: str) -> str:
    """An ISO 639-1 code for `text`, or "und" when there is too little to decide."""
    sample = text[:SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 20:
        return UNDETERMINED
    script = _non_latin_script(letters)
    if script is not None:
        if script == "ru" and any(ch in "іїєґІЇЄҐ" for ch in letters):
            return "uk"
        if script == "zh" and any("HIRAGANA" in _name(ch) or "KATAKANA" in _name(ch) for ch in letters):
            return "ja"
        return script
    tokens = _TOKEN.findall(sample.lower())
    if len(tokens) < MIN_WORDS:
        return UNDETERMINED
    ratios = {lang: sum(t in words for t in tokens) / len(tokens) for lang, words in _WORDS.items()}
    best = max(ratios, key=lambda lang: ratios[lang])
    if ratios["en"] >= MIN_RATIO and ratios["en"] >= 0.8 * ratios[best]:
        return "en"
    if ratios[best] >= MIN_RATIO:
        return best
    return UNDETERMINED


def language_name(code: str) -> str:
    return NAMES.get(code, code)


def english_only(code: str) -> str | None:
    """Why an article yields no claims, in the words every command and the JSON notes use; None when it is read."""
    if code in READABLE:
        return None
    return f"written in {language_name(code)} ({code}): consist reads English only"


def unread_note(source: str, code: str, *, stored: bool) -> str | None:
    """The line the CLI shows for an article in another language: without it "0 claims found" gives no reason.

    "PATH: written in German (de): consist reads English only; stored without claims" (or "no claims
    read" where nothing is stored: `claims`, `check --dry-run`)."""
    reason = english_only(code)
    if reason is None:
        return None
    return f"{source}: {reason}; {'stored without claims' if stored else 'no claims read'}"


def _name(ch: str) -> str:
    return unicodedata.name(ch, "")


def _non_latin_script(letters: list[str]) -> str | None:
    """The script of most letters when it is not Latin (counted on a sample for speed)."""
    step = max(1, len(letters) // 2000)
    counts: dict[str, int] = {}
    seen = 0
    for ch in letters[::step]:
        seen += 1
        if ch.isascii():
            continue
        name = _name(ch)
        for prefix, code in _SCRIPTS:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts:
        return None
    code = max(counts, key=lambda c: counts[c])
    return code if sum(counts.values()) >= 0.5 * seen else None
