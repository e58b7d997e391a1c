"""The JSON form of a check: a stable schema other tools read (keys are only ever added).

Schema (version 1), one object:
  schema_version   1
  article          the checked article: article_id (null on a dry run), outlet, title,
                   published_at (ISO or null), date_known, url, source_path, content_hash, ...
  claims[]         every claim (the Claim fields: text, speaker, hedge, polarity, quantities, ...)
    matches[]      earlier claims from other outlets: relation (agrees|contradicts|discusses),
                   score (0..1), reasons[], similarity, evidence{} (with reading: "earlier
                   holds new" | "new holds earlier" where the model read one way),
                   copy_of_article_id,
                   conflict_terms{claim[], other[]} (words a reader should compare),
                   verdict (right|wrong|unsure, a reviewer's word on the pair, or null),
                   below_floor (a contradiction under the store's refitted floor); matches
                   judged wrong or below the floor are listed only with --show-rejected,
                   other{claim_id, text, speaker, hedge, outlet, article_id, article_title,
                   published_at, date_known, url, source_path}
    findings       per relation: {independent, copies, outlets[]}: outlets counted once,
                   copies (republications, wire copies, verbatim repeats) collapsed
    credits[]      the credits about this claim (same form as the top-level list)
  credits[]        credited_outlet, kind (explicit|earliest), evidence, first, scope,
                   claim_index, claim_id, article_id, tie, undated, credited_by (earliest: outlets
                   crediting it down the chain of attribution), stored (earliest: false when only
                   articles crediting it are in the store)
  copy_of          null, or {original_article_id, original_outlet, reason, similarity}
  summary          claims, claims_with_findings, agreements, contradictions, discussions,
                   credits (match counts), independent_<relation> (voices summed claim by
                   claim), copies_<relation>, outlets_<relation> (distinct outlets over the
                   whole article, copies collapsed), claims_without_findings
  dry_run, already_stored

A feed (a `.jsonl` file, or JSON lines on standard input) is checked article by article:
`check --format json` then prints a JSON list of the objects above, one per article in the
feed's order (`article.source_path` is "feed.jsonl:3", the feed and its line); a line that could
not be read is left out of the list and told on stderr. A plain article file (or plain text on
standard input) gives the one object, never a list.
"""

from __future__ import annotations

import json
from typing import Any

from consistency.models import CheckResult, Claim, Match, to_jsonable
from consistency.report.findings import RELATION_ORDER, claim_findings, conflict_terms, totals

SCHEMA_VERSION = 1


def _article(result: CheckResult) -> dict[str, Any]:
    a = result.article
    return {
        "article_id": result.article_id,
        "outlet": a.outlet,
        "title": a.title,
        "published_at": to_jsonable(a.published_at),
        "date_known": a.published_at is not None,
        "url": a.url,
        "source_path": a.source_path,
        "content_hash": a.content_hash,
        "author": a.author,
        "outlet_source": a.outlet_source,
        "republished_from": a.republished_from,
        "wire": a.wire,
        "language": a.language,
        "metadata": a.metadata,
        "notes": a.notes,
    }


def _match(m: Match, claim: Claim) -> dict[str, Any]:
    o = m.other
    mine, theirs = conflict_terms(claim, m) if m.relation == "contradicts" else ([], [])
    return {
        "relation": m.relation,
        "score": round(m.score, 4),
        "reasons": m.reasons,
        "similarity": round(m.similarity, 4),
        "evidence": to_jsonable(m.evidence),
        "other": {
            "claim_id": o.claim.claim_id,
            "text": o.claim.text,
            "speaker": o.claim.speaker,
            "hedge": o.claim.hedge,
            "outlet": o.outlet,
            "article_id": o.article_id,
            "article_title": o.article_title,
            "published_at": to_jsonable(o.published_at),
            "date_known": o.published_at is not None,
            "url": o.url,
            "source_path": o.source_path,
        },
        "copy_of_article_id": m.copy_of_article_id,
        "conflict_terms": {"claim": mine, "other": theirs},
        "verdict": m.verdict,
        "below_floor": m.below_floor,
    }


def check_to_dict(result: CheckResult) -> dict[str, Any]:
    claims = []
    findings = claim_findings(result)
    for f in findings:
        r = f.result
        entry = to_jsonable(r.claim)
        entry["matches"] = [_match(m, r.claim) for m in r.matches]
        entry["findings"] = {
            rel: {
                "independent": f.independent(rel),
                "copies": f.copies(rel),
                "outlets": [v.lead.other.outlet for v in f.counted(rel)],
            }
            for rel in RELATION_ORDER
        }
        entry["credits"] = to_jsonable(f.credits)
        claims.append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "article": _article(result),
        "claims": claims,
        "credits": to_jsonable(result.credits),
        "copy_of": to_jsonable(result.copy_of),
        "summary": {**result.summary, **totals(findings)},
        "dry_run": result.dry_run,
        "already_stored": result.already_stored,
    }


def render_json(result: CheckResult) -> str:
    return json.dumps(check_to_dict(result), ensure_ascii=False, indent=2)


def render_json_many(results: list[CheckResult]) -> str:
    """A feed's checks: a list of the one-article objects, in the feed's order."""
    return json.dumps([check_to_dict(r) for r in results], ensure_ascii=False, indent=2)
