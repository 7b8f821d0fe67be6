"""Check that the compiled analysis the bundle ships reads text exactly as the source does.

Usage: .venv/bin/python packaging/check_compiled.py build/venv/bin/python

``make dist`` installs the app into build/venv with ``kiosk.analysis`` compiled by mypyc
(setup.py). The test suite runs on the source; this runs the same analysis in both
interpreters, over our evaluation set, 3,000 demo items and hostile text (markup, control
characters, a huge item, other scripts), and compares every result: languages, kinds and
confidences, mentions with their spans, learned phrases, and each clause's kind. It fails
(exit 1) on the first difference, or when the other interpreter's analysis is not compiled
or has no regex cache, or one that lacks a pattern of its lexicons (its patterns come from the
cache the build wrote, the source's from ``re.compile``: the comparison covers both), or it
has no parsed lexicons (read, like the patterns, from what the build wrote).

Compiled code checks the annotations it was built from: a value of another type than its
annotation says raises ``TypeError`` there, and only there. The analyser catches an error per
item and stores that item without terms, which would show here as a difference.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "benchmarks" / "data" / "eval_analysis.jsonl"
NOW = datetime(2026, 11, 1, tzinfo=UTC)

# Text a feed may bring that no evaluation set has.
HOSTILE = [
    "<b>Great</b> <script>alert('x')</script> service &amp; fast delivery!",
    "Refund\x00 please\x07 the app\x1b[31m crashes",
    "delivery " * 3000,
    "ＦＵＬＬ ＷＩＤＴＨ delivery was late",
    "配送が遅い。 The parcel arrived damaged 😡😡",
    "Die Lieferung kam zu spät, aber der Kundenservice war super freundlich.",
    "La livraison était rapide, merci! Mais l'appli plante souvent.",
    "El envío llegó tarde y nadie contesta el teléfono.",
    "\u202eevil\u202c text with RTL override and zero\u200bwidth spaces",
    "#customerservice #latedelivery @united thanks for nothing http://x.example/a?b=1",
    "f***ing awful, sh1t app, fuuuuck",
    "????!!!!",
    ".",
    "a",
    "Add dark mode please. It would be great if I could export to CSV.",
]


def dump() -> None:
    """Print one line per result of the analysis in this interpreter, then whether compiled."""
    from kiosk.analysis import Analyzer, Vocabulary, is_compiled
    from kiosk.analysis.analyzer import _FAILED as FAILED
    from kiosk.demo import generate_demo
    from kiosk.model import Customer, Feedback

    texts = [json.loads(line)["text"] for line in EVAL_SET.read_text("utf-8").splitlines()]
    texts += HOSTILE
    items = [
        Feedback(
            feed_id="check",
            external_id=str(i),
            text=text,
            created_at=NOW,
            customer=Customer(f"c{i}", "Sam Example" if i % 3 else ""),
        )
        for i, text in enumerate(texts)
    ]
    items += generate_demo(count=3000, now=NOW)
    # An admin's lists too: synonyms, a block list and stop words change the word rules.
    admin = Vocabulary(
        synonyms={"delivery": ("courier", "shipping"), "app": ("application",)},
        block_list=("staff",),
        stop_words=("order",),
        display_language="de",
    )
    failed = 0
    for analyzer in (Analyzer(), Analyzer(admin)):
        for start in range(0, len(items), 1000):
            found, promoted = analyzer.read_batch(items[start : start + 1000])
            print(repr(sorted(promoted)))
            for a in found:
                failed += a.skipped == FAILED
                mentions = [repr(m) for m in a.mentions]
                print(
                    repr(
                        (a.language, a.kind, a.kind_confidence, a.skipped, a.not_counted, mentions)
                    )
                )
    fresh = Analyzer()
    for item in items[:1500]:
        e = fresh.explain(item)
        print(repr((e.kind, e.kind_confidence, [repr(c) for c in e.clauses])))
    from kiosk.analysis.lexicon import built_documents
    from kiosk.analysis.regexes import cached_patterns, uncached_patterns

    summary = {"compiled": is_compiled(), "items": len(items), "failed": failed}
    cache = {
        "cached_patterns": cached_patterns(),
        "uncached_patterns": uncached_patterns(),
        "built_documents": built_documents(),
    }
    print(json.dumps({**summary, **cache}))


def run(python: str) -> tuple[list[str], dict[str, object]]:
    """Return the result lines and the summary of a dump in another interpreter."""
    done = subprocess.run([python, __file__, "--dump"], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{python} could not run the analysis:\n{done.stderr[-3000:]}")
    out = done.stdout.splitlines()
    summary: dict[str, object] = json.loads(out[-1])
    return out[:-1], summary


def main(argv: list[str]) -> int:
    """Compare the source's analysis with the one ``argv[0]`` runs; return the exit code."""
    if argv[:1] == ["--dump"]:
        dump()
        return 0
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    source, source_summary = run(sys.executable)
    shipped, shipped_summary = run(argv[0])
    problems = []
    if source_summary["compiled"]:
        problems.append(f"{sys.executable} runs a compiled analysis: no source to compare with")
    for side, summary in (("source", source_summary), ("compiled", shipped_summary)):
        if summary["failed"]:
            problems.append(
                f"the {side} analysis failed on {summary['failed']} items (see its log)"
            )
    if not shipped_summary["compiled"]:
        problems.append(f"{argv[0]} runs the analysis interpreted, not compiled")
    # The wheel carries the lexicons' patterns compiled (setup.py): without them every
    # process spends a fifth of a second compiling them again.
    if not shipped_summary["cached_patterns"]:
        problems.append(f"{argv[0]} has no regex cache (kiosk/analysis/regex-*.cache)")
    elif shipped_summary["uncached_patterns"]:
        problems.append(
            f"{argv[0]}'s regex cache lacks {shipped_summary['uncached_patterns']} of the"
            " lexicons' patterns: written from other lexicons (a stale build folder?)"
        )
    # ... and the lexicon files parsed, or every process parses them again (25 ms).
    if not shipped_summary["built_documents"]:
        problems.append(f"{argv[0]} has no parsed lexicons (kiosk/analysis/lexicons-*.cache)")
    for n, (mine, theirs) in enumerate(zip(source, shipped, strict=False), 1):
        if mine != theirs:
            problems.append(
                f"result {n} differs:\n  source:   {mine[:300]}\n  compiled: {theirs[:300]}"
            )
            break
    if len(source) != len(shipped):
        problems.append(f"{len(source)} results from the source, {len(shipped)} compiled")
    digest = hashlib.sha256("\n".join(source).encode()).hexdigest()[:16]
    print(
        f"compiled analysis: {shipped_summary['items']} items, {len(source)} results,"
        f" digest {digest}: " + ("differs" if problems else "the same as the source's")
    )
    for problem in problems:
        print(f"  PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
