"""The JSON form of a check: a stable schema other tools read (keys are only ever added)."""

from __future__ import annotations

import json
from typing import Any

from consistency.models import CheckResult, Match, to_jsonable

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


def _match(m: Match) -> dict[str, Any]:
    o = m.other
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
        },
    }


def check_to_dict(result: CheckResult) -> dict[str, Any]:
    claims = []
    for r in result.claims:
        entry = to_jsonable(r.claim)
        entry["matches"] = [_match(m) for m in r.matches]
        claims.append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "article": _article(result),
        "claims": claims,
        "credits": to_jsonable(result.credits),
        "copy_of": to_jsonable(result.copy_of),
        "summary": result.summary,
        "dry_run": result.dry_run,
        "already_stored": result.already_stored,
    }


def render_json(result: CheckResult) -> str:
    return json.dumps(check_to_dict(result), ensure_ascii=False, indent=2)
