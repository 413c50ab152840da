"""Report files read into batches of documents: YAML, JSON or JSON Lines, bounded in size and depth.

Reading refuses what no report file is (binary data, UTF-16, anchors and
aliases, files too large to read whole) with the place and what was expected;
tracker.ingest.reports turns each document into events.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from pendulum import DateTime

from tracker.domain.text import one_line
from tracker.ingest.boundary import MAX_DEPTH, MAX_DIGITS
from tracker.ingest.reports import Batch, ReportError, build_batch
from tracker.store.eventstore import paused_gc

REPORT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson")
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # a YAML or JSON file is read whole; bigger feeds belong in JSON Lines
MAX_LINE_BYTES = 1024 * 1024  # one report per JSON line; no real report comes near this
CHUNK_REPORTS = 500
LONG_INPUT_BATCHES = 20  # from its 21st batch (10,000 reports), an input's batches go to the oldest generation


def read_file(path: Path, now: DateTime) -> Batch:
    """The whole file as one batch (for small inputs and tests)."""
    batches = list(read_batches(path, now))
    return Batch(
        tuple(n for b in batches for n in b.events),
        frozenset().union(*(b.defines for b in batches)),
        {slug: where for b in reversed(batches) for slug, where in b.uses.items()},
        tuple(p for b in batches for p in b.places),
        tuple(r for b in batches for r in b.references),
    )


def read_batches(
    path: Path, now: DateTime, chunk: int = CHUNK_REPORTS, *, allow_future: bool = False
) -> Iterator[Batch]:
    """Batches of at most about ``chunk`` reports, reading JSON Lines as a stream in bounded memory."""
    documents = _documents(path)
    built = 0
    try:
        while True:
            # Documents and the events built from them hold no cycles: see paused_gc. In a long input the events
            # outlive the pause (checked, appended, some kept as first tellings), and left young the collector
            # walked them again and again, 7% of an ingest of 100,000 reports, to free nothing.
            with paused_gc(long_lived=built >= LONG_INPUT_BATCHES):
                pending = list(islice(documents, chunk))
                batch = build_batch(pending, now, allow_future=allow_future) if pending else None
            if batch is None:
                return
            built += 1
            yield batch
    finally:
        if built >= LONG_INPUT_BATCHES:  # a pause moved what it made (perhaps an empty last batch)
            # What those pauses moved to the oldest generation does not count toward its next collection, so
            # cyclic garbage made before (a closed engine's connections) would wait there: one collection (about
            # 0.2 s after 100,000 reports) frees it. A shorter input would spend more on it than it saved.
            gc.collect()


def _documents(path: Path) -> Iterator[tuple[str, Any]]:
    where = one_line(str(path))
    try:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            yield from _json_lines(path, where)
        else:
            yield where, _whole_document(path, where)
    except OSError as error:
        raise ReportError(where, f"cannot read: {error.strerror or error}") from None


def _whole_document(path: Path, where: str) -> Any:
    with path.open("rb") as stream:
        raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ReportError(where, f"larger than {MAX_DOCUMENT_BYTES // 2**20} MiB: split it or use JSON Lines")
    text = _decode(raw, where)
    if not text.strip():
        raise ReportError(where, "the file is empty: expected at least one report")
    return _parse_json(text, where) if path.suffix.lower() == ".json" else parse_yaml(text, where)


def _json_lines(path: Path, where: str) -> Iterator[tuple[str, Any]]:
    found = False
    with path.open("rb") as stream:
        for number, line in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), start=1):
            place = f"{where}:{number}"
            if len(line) > MAX_LINE_BYTES:
                raise ReportError(place, f"line longer than {MAX_LINE_BYTES // 2**20} MiB: one report per line")
            text = _decode(line, place)
            if text.strip():
                found = True
                yield place, _parse_json(text, place)
    if not found:
        raise ReportError(where, "the file is empty: expected at least one report")


def _decode(raw: bytes, where: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise ReportError(where, "expected UTF-8 text, found UTF-16 or binary data")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        found = f"byte 0x{raw[error.start]:02x} at offset {error.start}"
        raise ReportError(where, f"expected UTF-8 text, found {found}") from None


def _parse_json(text: str, where: str) -> Any:
    try:
        return _fast_json()(text)
    except Exception:  # whatever msgspec refuses, the stdlib reads again below and decides
        pass
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ReportError(where, f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise ReportError(where, f"malformed JSON: nested too deeply (expected at most {MAX_DEPTH} levels)") from None
    except ValueError:  # Python refuses to read an integer of more than 4300 digits
        raise ReportError(where, f"malformed JSON: a number too large (expected at most {MAX_DIGITS} digits)") from None


@cache
def _fast_json() -> Callable[[str], Any]:
    """msgspec's JSON reader, about three times the stdlib's: a twentieth of an ingest was its JSON.

    It reads each number with a fraction or an exponent into a Decimal from its text, as
    the stdlib with ``parse_float`` does, and gives the same values for every document
    both accept. It refuses more than the stdlib (NaN, lone surrogates, integers of
    thousands of digits): those are read again by the stdlib, so what a file may hold and the
    words of each refusal are the stdlib's.
    """
    import msgspec

    return msgspec.json.Decoder(float_hook=Decimal).decode


def parse_yaml(text: str, where: str) -> Any:
    """A YAML report document as every input reads it (a file, a reviewer's edit): dates kept as written."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ReportError(where, f"malformed YAML{place}: {problem}") from None
    except RecursionError:
        raise ReportError(where, f"malformed YAML: nested too deeply (expected at most {MAX_DEPTH} levels)") from None
    except ValueError:
        raise ReportError(where, f"malformed YAML: a number too large (expected at most {MAX_DIGITS} digits)") from None


@cache
def _loader() -> type:
    """SafeLoader that keeps dates as the text written ('2025-09' must not become a datetime) and refuses
    anchors and aliases: a few hundred bytes of nested aliases expand to gigabytes ("billion laughs")."""
    import yaml

    class ReportLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    "anchors and aliases (&name, *name) are not allowed: expected every value written out in full",
                    event.start_mark,
                )
            return super().compose_node(parent, index)

    ReportLoader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return ReportLoader
