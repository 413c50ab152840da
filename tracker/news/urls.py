"""One spelling per article URL, so the same page shared from a newsletter and a feed is seen once."""

from __future__ import annotations

import urllib.parse

# Names of query parameters that only say who sent the reader, never which page it is.
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "li_fat_id",
        "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "ref_url", "cmpid", "xtor", "_ga", "_gl",
        "ocid", "taid", "icid", "ncid", "smid", "mkt_tok", "s_cid", "sr_share", "soc_src", "soc_trk",
        "guccounter",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "at_", "_hs", "pk_", "mtm_", "ns_", "guce_", "wt.")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL as the tracker stores it: case, default port, fragment, user part and tracking parameters
    do not make another page; the other parameters are kept as written, in a stable order.

    Raises ValueError for a URL that does not parse (a port that is not a number, a broken IPv6 host).
    """
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if not parts.netloc:
        return urllib.parse.urlunsplit((scheme, "", parts.path, _kept_query(parts.query), ""))
    port = parts.port
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    return urllib.parse.urlunsplit((scheme, netloc, parts.path or "/", _kept_query(parts.query), ""))


def is_tracking_parameter(name: str) -> bool:
    folded = urllib.parse.unquote_plus(name).lower()
    return folded in _TRACKING_NAMES or folded.startswith(_TRACKING_PREFIXES)


def _kept_query(query: str) -> str:
    """Split by hand rather than parse and re-encode, so each kept value keeps its own percent-encoding."""
    pairs = [pair for pair in query.split("&") if pair and not is_tracking_parameter(pair.split("=", 1)[0])]
    return "&".join(sorted(pairs, key=lambda pair: urllib.parse.unquote_plus(pair.split("=", 1)[0])))
