"""English trigger words: which words tell which development, and why.

The same shape as tracker.news.lexicon_fr: (rule name, pattern, report type,
weight, why, options), matched case-insensitively with straight apostrophes.
"""

from __future__ import annotations

from typing import Any

Row = tuple[str, str, str, float, str, dict[str, Any]]

_NO: dict[str, Any] = {}

TYPE_ROWS: tuple[Row, ...] = (
    (
        "en.rumor.exploring",
        r"\b(?:is|are|was|were) (?:exploring|considering|weighing|mulling) (?:a|an)? ?(?:bid|offer|sale|deal|"
        r"takeover|acquisition)\b|\brumou?rs?\b|\bis said to be interested\b",
        "deal_rumored",
        0.55,
        "a party is weighing a bid or a sale, or a rumour: not yet talks",
        _NO,
    ),
    (
        "en.talks.in_talks",
        r"\bin (?:advanced |exclusive |early )?talks\b|\bnegotiat(?:e|es|ed|ing|ions?)\b|\bin discussions?\b|"
        r"\bholding talks\b",
        "talks_reported",
        0.6,
        "talks or negotiations are said to be going on",
        _NO,
    ),
    (
        "en.talks.nears",
        r"\b(?:nears?|nearing|is close to|closing in on) (?:a |an )?(?:deal|agreement|investment)\b",
        "talks_reported",
        0.62,
        "near a deal, so not signed yet",
        _NO,
    ),
    (
        "en.terms_proposed.talks_focus",
        r"\b(?:talks|discussions|negotiations)\b[^.;:]{0,40}?\b(?:focus|focuses|centre|center|centred|centered) on\b",
        "terms_proposed",
        0.72,
        "the talks are about a given shape or figure: terms under discussion",
        _NO,
    ),
    (
        "en.loi.signed",
        r"\bsigned (?:a|an) (?:non-binding )?(?:letter of intent|memorandum of understanding|term sheet)\b",
        "letter_of_intent_signed",
        0.8,
        "a letter of intent or memorandum signed",
        _NO,
    ),
    (
        "en.loi.intention",
        r"\b(?:announced|announces|said) (?:its|their|his) (?:intention|intent|plan) to (?:invest|acquire|buy)\b",
        "letter_of_intent_signed",
        0.62,
        "a party announced its intention to invest or buy",
        _NO,
    ),
    (
        "en.loi.letter",
        r"\bletter of intent\b|\bmemorandum of understanding\b|\bagreement in principle\b",
        "letter_of_intent_signed",
        0.5,
        "a letter of intent is mentioned (weak: it may be an earlier one)",
        _NO,
    ),
    (
        "en.signed.agreed",
        r"\b(?:has |have )?agreed to (?:acquire|buy|merge|invest|sell|purchase|take over)\b|"
        r"\bsigned (?:a|an|the) (?:definitive |merger )?(?:agreement|deal)\b|\bdefinitive agreement\b|"
        r"\bstruck a deal\b|\breached (?:a|an) (?:deal|agreement)\b|"
        r"\b(?:has |have )?committed (?:up to )?\S* ?to invest\b|"
        r"\bhas committed\b",
        "agreement_signed",
        0.74,
        "an agreement signed or a commitment made: 'agreed to acquire', 'signed a definitive agreement'",
        _NO,
    ),
    (
        "en.signed.acquires",
        r"\b(?:acquires|buys|will acquire|will buy|to acquire|to buy)\b",
        "agreement_signed",
        0.6,
        "a buyer buys (headline present or 'to acquire')",
        _NO,
    ),
    (
        "en.closed.completed",
        r"\b(?:completed|completes|complete|closed|closes|close|finali[sz]ed) (?:its|the|a|their) (?:\$?\S+ )?"
        r"(?:acquisition|"
        r"purchase|deal|merger|takeover|investment|transaction)\b|\b(?:deal|acquisition|merger|transaction) "
        r"(?:has |was )?(?:closed|completed)\b",
        "deal_closed",
        0.76,
        "finished: 'completed its acquisition', 'the deal closed'",
        _NO,
    ),
    (
        "en.suspended.on_hold",
        r"\bon ice\b|\b(?:put|placed) on hold\b|\bon hold\b|\bpaused\b|\bsuspended\b|\bstalled\b|\bfrozen\b",
        "deal_suspended",
        0.76,
        "on hold: 'on ice', 'put on hold', 'paused', 'stalled'",
        _NO,
    ),
    (
        "en.resumed.resumed",
        r"\bresumed (?:talks|negotiations|discussions)\b|\b(?:talks|negotiations) (?:have )?resumed\b",
        "talks_resumed",
        0.75,
        "talks taken up again",
        _NO,
    ),
    (
        "en.terminated.called_off",
        r"\bterminat(?:e|ed|es|ing|ion)\b|\bcalled off\b|\babandon(?:ed|s)?\b|\bwalked away\b|\bscrapped\b|"
        r"\bpulled out\b|\bcollapsed\b",
        "deal_terminated",
        0.76,
        "ended: 'terminated', 'called off', 'abandoned', 'walked away'",
        _NO,
    ),
    (
        "en.restructured.replaces",
        r"\b(?:this|it|that|the \w+) (?:replaces|would replace)\b|\brestructur(?:ed|es|ing)\b|\brenegotiated\b|"
        r"\bscaled back\b|\brevised (?:terms|deal)\b",
        "deal_restructured",
        0.74,
        "a new shape replaces the earlier one",
        {"stage_from": "previous"},
    ),
    (
        "en.bid.offer",
        r"\b(?:made|makes|launched|submitted) (?:a|an) (?:\$?\S+ )?(?:offer|bid|proposal)\b|"
        r"\boffered to (?:buy|acquire)\b|"
        r"\b(?:unsolicited|hostile|takeover) (?:bid|offer|proposal)\b|\btender offer\b",
        "bid_made",
        0.72,
        "an offer made: 'made an offer', 'offered to buy', 'hostile bid'",
        {"bidder": True},
    ),
    (
        "en.bid.raised",
        r"\b(?:raised|sweetened|increased|raises|sweetens) (?:its|his|her|their|the) (?:offer|bid)\b",
        "bid_raised",
        0.8,
        "an offer raised",
        {"bidder": True},
    ),
    (
        "en.bid.rejected",
        r"\b(?:rejected|rebuffed|turned down|rejects) (?:the|an|its|his|her|their|a) (?:\S+ )?(?:offer|bid|proposal)\b",
        "bid_rejected",
        0.8,
        "an offer rejected",
        {"party": True},
    ),
    (
        "en.bid.withdrawn",
        r"\b(?:withdrew|withdraws|has withdrawn) (?:its|his|her|their|the) (?:offer|bid)\b",
        "bid_withdrawn",
        0.8,
        "an offer withdrawn",
        {"bidder": True},
    ),
    (
        "en.approval.blocked",
        r"\b(?:blocked|blocks|block|prohibited|vetoed)\b",
        "approval_updated",
        0.78,
        "an authority blocks the deal (needs an authority named in the sentence)",
        {"authority": True, "status": "blocked"},
    ),
    (
        "en.approval.cleared",
        r"\b(?:cleared|clears|approved|approves|waved through|green light)\b",
        "approval_updated",
        0.76,
        "an authority clears the deal (needs an authority)",
        {"authority": True, "status": "cleared"},
    ),
    (
        "en.approval.probe",
        r"\bin-depth (?:investigation|probe|review)\b|\bphase 2\b|\bopened an? (?:investigation|probe)\b|"
        r"\bstatement of objections\b",
        "approval_updated",
        0.7,
        "an authority opens an in-depth review (needs an authority)",
        {"authority": True, "status": "in_depth"},
    ),
    (
        "en.litigation.sued",
        r"\bsued\b|\bsues\b|\bfiled (?:a )?(?:lawsuit|suit|complaint)\b|\blawsuit\b",
        "litigation_updated",
        0.72,
        "a lawsuit filed: 'sued', 'filed a lawsuit'",
        {"status": "filed"},
    ),
    (
        "en.denied.denied",
        r"\bdenied\b|\bdenies\b|\brefuted\b|\bcalled the reports? (?:false|inaccurate|untrue)\b",
        "report_denied",
        0.85,
        "a party denies the report",
        {"party": True},
    ),
    (
        "en.not_confirmed.declined",
        r"\bdeclined to comment\b|\b(?:has|have) not confirmed\b|\bhas yet to confirm\b|\bdid not confirm\b|"
        r"\bwould not confirm\b",
        "not_confirmed",
        0.8,
        "a party has not confirmed, or declined to comment",
        {"party": True},
    ),
    (
        "en.statement.said",
        r"\b(?:said|told|stressed|called it|described|insisted|wrote)\b",
        "statement_made",
        0.56,
        "a named person of a party speaks (needs the speaker)",
        {"speaker": True},
    ),
    (
        "en.participant.could_join",
        r"\bcould (?:also )?(?:join|participate|take part|invest)\b|\bin talks to (?:join|participate|invest)\b|"
        r"\bare expected to (?:join|participate)\b",
        "participant_in_talks",
        0.74,
        "parties could join the round: in talks, not in",
        {"participants": True},
    ),
    (
        "en.participant.joined",
        r"\b(?:participated|joined the round|took part)\b|\b(?:led|co-led) by\b",
        "participant_joined",
        0.74,
        "parties took part in the round",
        {"participants": True},
    ),
    (
        "en.round.raising",
        r"\b(?:is|are|was) (?:raising|seeking to raise|looking to raise|in talks to raise)\b|"
        r"\bfunding round (?:is )?under ?way\b|\bongoing (?:funding )?round\b",
        "talks_reported",
        0.66,
        "a funding round is under way: the round's own talks",
        {"round": True},
    ),
    (
        "en.round.part_of",
        r"\b(?:is|was|forms) part of (?:a|an|the) (?:\S+ )?(?:funding round|round|fundraising)\b",
        "terms_reported",
        0.6,
        "an investment is part of a round: the round's terms, and its investor a participant",
        {"round": True, "antecedent_participant": True},
    ),
    (
        "en.terms.provided",
        r"\b(?:provided for|called for|envisaged|would have seen|had planned to|initially planned to)\b",
        "terms_reported",
        0.64,
        "what a plan or agreement provides for: its terms (only with an amount)",
        {"amount": True},
    ),
    (
        "en.terms.valued",
        r"\bvalu(?:ed|es|ing)\b|\bvaluation\b",
        "terms_reported",
        0.66,
        "a valuation stated (only with an amount)",
        {"amount": True},
    ),
)

ANAPHORA = (
    r"^(?:\w+, )?(?:this|that|it|the deal|the agreement|the plan|the project|the transaction|the investment|"
    r"this investment|both companies|the two companies|the round)\b"
)
ROUND_WORDS = r"\bfunding round\b|\bfinancing round\b|\bthe round\b|\bfundraising\b|\bseries [a-h]\b"
FUTURE = (
    r"\b(?:will|would|could|should|might|may|is expected to|are expected to|plans to|is set to|are set to|"
    r"intends to|aims to)\b"
)
CONDITIONAL = r"\b(?:reportedly|is said to|are said to|allegedly)\b"
BOILERPLATE = (
    r"\btop \d+\b|^read more\b|^related\b|\bnewsletter\b|\bcookies?\b|^advertisement\b|^subscribe\b|"
    r"^sign up\b|^share this\b|^most read\b|^recommended\b|^more from\b|^»|^•|^\|"
)
PARTY_STATEMENT = r"\b(?:announced|confirmed|said in a statement|in a statement|said on|announces|unveiled)\b"
ANONYMOUS = (
    r"\bpeople familiar\b|\bpersons? familiar\b|\bsources?\b|\binsiders?\b|\bpeople with knowledge\b|"
    r"\bperson with knowledge\b|\bofficials said\b|\bpeople close to\b|\bwho asked not to be (?:named|identified)\b"
)
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}

AMOUNT_CUES: tuple[tuple[str, str], ...] = (
    ("valuation_pre", r"pre-?money valuation (?:of )?$"),
    ("valuation_post", r"post-?money valuation (?:of )?$"),
    ("valuation", r"valu(?:ed|ing|es)\b.{0,40}?\bat $|valuation (?:of )?$|valued at $"),
    ("price_per_share", r"per share (?:of )?$|share price (?:of )?$"),
    ("fee", r"(?:termination|break-?up|reverse termination) fee (?:of )?$"),
    (
        "round_size",
        r"(?:funding |financing )?round (?:of )?$|rais(?:e|es|ed|ing) (?:as much as |up to )?$|"
        r"seek(?:s|ing)? $",
    ),
    ("investment", r"invest\w*\b.{0,12}$|investment (?:of )?$|commit\w* (?:to invest )?$|stake (?:worth |of )?$"),
    ("price", r"\bfor (?:about |around |roughly )?$|price (?:of )?$|deal (?:valued at|worth) $|worth $"),
    ("commitments", r"(?:debts?|commitments?|obligations?) (?:totall?ing |of )?$"),
)
EXTRA_QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"could (?:reach|be worth|total|amount to|rise to) (?:up to )?$", "up_to"),
)
MARKET_MOVE = r"\b(?:fell|fallen|dropped|down|rose|risen|up|gained|lost|slid|jumped|surged|plunged|declined)\b"
STAKE_WORDS = r"\b(?:stake|share|holding|interest|equity)\b"
RELATIVE_DAYS = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "earlier today": 0}
LAST_WEEK = r"\blast week\b|\bthe previous week\b"
LAST_MONTH = r"\blast month\b"
THIS_MONTH = r"\bthis month\b|\bearlier this month\b"
LAST_YEAR = r"\blast year\b"
THIS_YEAR = r"\bthis year\b|\bearlier this year\b"
