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
        r"\b(?:has |have |had )?agreed (?:(?:on|in) [^,.;]{1,30}? )?to (?:acquire|buy|merge|invest|sell|purchase|"
        r"take over|pay)\b|"
        r"\bsigned (?:a|an|the) (?:definitive |merger )?(?:agreement|deal)\b|\bdefinitive agreement\b|"
        r"\bstruck a deal\b|\breached (?:a|an) (?:deal|agreement)\b|"
        r"\b(?:has |have )?committed (?:up to )?\S* ?to invest\b|"
        r"\bhas committed\b",
        "agreement_signed",
        0.74,
        "an agreement signed or a commitment made: 'agreed to acquire', 'agreed in January 2022 to pay', 'signed a "
        "definitive agreement'",
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
        r"\bterminat(?:e|ed|es|ing|ion)\b|\bcalled off\b|\babandon(?:ed|s|ing)?\b|\bwalked away\b|\bscrapped\b|"
        r"\bpulled out\b|\bcollapsed\b",
        "deal_terminated",
        0.76,
        "ended: 'terminated', 'called off', 'abandoned', 'walked away'",
        _NO,
    ),
    (
        "en.restructured.replaces",
        r"\b(?:this|it|that|the \w+) (?:replaces|would replace)\b|\b(?:was|were|been|is being) restructured\b|"
        r"\brestructur(?:es|ing)\b|\brestructured (?:the|its|their)\b|\brenegotiated\b|"
        r"\bscaled back\b|\brevised (?:terms|deal)\b|"
        r"\bcame back with (?:a|an) (?:new|revised|fresh|reworked|improved) (?:proposal|structure|plan|remedy)\b|"
        r"\b(?:offered|proposed|submitted|tabled) (?:a|an) (?:new|revised|reworked) (?:structure|proposal|remedy)\b",
        "deal_restructured",
        0.74,
        "a new shape replaces the earlier one: 'this replaces', 'was restructured', 'came back with a new proposal'",
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
        r"\b(?:blocked|blocks|block|prohibit|prohibits|prohibited|vetoed)\b",
        "approval_updated",
        0.78,
        "an authority blocks the deal (needs an authority named in the sentence)",
        {"authority": True, "status": "blocked"},
    ),
    (
        "en.approval.cleared",
        r"\b(?:cleared|clears|approved|approves|waved through|green light)\b|"
        r"\b(?:resolved|allayed|resolves) (?:the|its|their) (?:\w+ )?concerns\b|"
        r"\b(?:final|unconditional) (?:approval|clearance)\b",
        "approval_updated",
        0.76,
        "an authority clears the deal: 'approved', 'resolved the concerns', 'final approval' (needs an authority)",
        {"authority": True, "status": "cleared"},
    ),
    (
        "en.approval.probe",
        r"\bin-depth (?:investigation|probe|review)\b|\bphase 2\b|\bstatement of objections\b",
        "approval_updated",
        0.7,
        "an authority opens an in-depth review (needs an authority)",
        {"authority": True, "status": "in_depth"},
    ),
    (
        "en.approval.opened",
        r"\b(?:opened|launched|began|started) (?:a|an) (?:\w+ )?(?:investigation|probe|inquiry|review)\b",
        "approval_updated",
        0.7,
        "an authority opens a review: 'opened a fresh investigation' (needs an authority)",
        {"authority": True, "status": "in_review"},
    ),
    (
        "en.approval.concerns_addressed",
        r"\b(?:substantially |largely |partly )?address(?:ed|es) (?:its|the|their) (?:\w+ )?concerns\b|"
        r"\bprovisional(?:ly)? (?:approval|clearance|cleared)\b",
        "approval_updated",
        0.72,
        "a provisional view: the concerns are addressed, the review goes on (needs an authority)",
        {"authority": True, "status": "in_review"},
    ),
    (
        "en.approval.provisional_findings",
        r"\b(?:provisional|preliminary) (?:findings|conclusions)\b|\b(?:preparing|prepares|set|poised) to "
        r"(?:challenge|sue to block|block) (?:the|this) (?:deal|merger|acquisition|takeover|transaction)\b",
        "approval_updated",
        0.72,
        "an authority's objections short of a decision: provisional findings, a challenge in preparation",
        {"authority": True, "status": "objections"},
    ),
    (
        "en.litigation.injunction_denied",
        r"\blost (?:its|his|her|their) (?:attempt|bid|request|motion) [^.;]{0,40}?injunction\b|"
        r"\b(?:denied|refused|rejected) [^.;]{0,50}?injunction\b|\binjunction\b[^.;]{0,30}?\b(?:was )?denied\b",
        "litigation_updated",
        0.88,
        "a court refuses an injunction: 'lost its attempt to obtain a preliminary injunction'",
        {"status": "injunction_denied"},
    ),
    (
        "en.litigation.injunction_granted",
        r"\b(?:granted|won|obtained) (?:a|an|the|its) (?:preliminary |temporary )?injunction\b",
        "litigation_updated",
        0.78,
        "a court grants an injunction",
        {"status": "injunction_granted"},
    ),
    (
        "en.contested.invalid",
        r"\bdenied (?:breaching|violating|having breached|being in breach of)\b|"
        r"\b(?:terminat\w*|attempt to (?:end|terminate|walk away from)|walk(?:ing|ed)? away)\b[^.;]{0,60}?"
        r"\b(?:invalid|wrongful|unlawful|void|without merit)\b|"
        r"\b(?:disputes|disputed|contests|contested) (?:the|his|her|its|their|\w+'s) (?:termination|decision to end)\b",
        "status_contested",
        0.86,
        "a party contests a termination: 'denied breaching', 'called the termination invalid and wrongful'",
        {"party": True},
    ),
    (
        "en.statement.denied_intent",
        r"\bdenied that (?:it|he|she|they|the \w+) (?:intends?|plans?|would|will|wants?|has any plan)\b",
        "statement_made",
        0.87,
        "a party denies an intention of its own ('denied that it intends to'): a stance, not a denied report",
        {"party_speaks": True},
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
        r"\b(?:said|told|stressed|called it|described|insisted|wrote|posted|tweeted|signall?ed|warned|added)\b",
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

# Words of the development being only a risk or a question: "a risk that the takeover collapses".
HYPOTHETICAL = (
    r"\b(?:risks?|danger|fears?|threat|possibility|chance) (?:that|of)\b|\bwhether\b|\bif\b|\bunless\b|"
    r"\bin case\b|\bcould (?:end up|still)\b"
)
# A regulator named by what it is, once the article has named it: "the watchdog", "the regulator".
AUTHORITY_ANAPHORA = r"^(?:\w+ ){0,3}?(?:the|its) (?:watchdog|regulator|competition authority|commission|authority)\b"
# The time of a development told just before.
BACK_DATES = r"\b(?:the same day|that day|on the same day|at the time|back then)\b"
# A round told just before: "this round", "the round".
ROUND_ANAPHORA = r"\b(?:this|that|the) (?:funding |financing )?round\b"
# "The suit comes four days after": counted back from publication.
DAYS_AFTER = r"\b(?:comes|arrives|follows|came)\s+(?P<n>\w+)\s+days?\s+after\b|\b(?P<n2>\w+)\s+days?\s+ago\b"
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# Honorifics and speech verbs that show a party's name is a person's, so the last name alone names them.
PERSON_CUES = (r"\b(?:Mr|Ms|Mrs)\.?\s+{last}\b", r"\b{last}\s+(?:said|says|told|wrote|posted|tweeted)\b")
# "Musk's attempt": a possessive is not the subject.
POSSESSIVE = r"^'s\b"
# A quotation and a company speaking of itself: '"...," the company said'.
COMPANY_SUBJECT = r"\b(?:the|its) (?:company|group|publisher|firm|board|chipmaker|software group)\b"

ANAPHORA = (
    r"^(?:\w+, )?(?:this|that|it|the deal|the agreement|the plan|the project|the transaction|the investment|"
    r"this investment|both companies|the two companies|the round)\b"
)
ROUND_WORDS = r"\bfunding round\b|\bfinancing round\b|\bthe round\b|\bfundraising\b|\bseries [a-h]\b"
FUTURE = (
    r"\b(?:will|would|could|should|might|(?-i:may)|is expected to|are expected to|plans to|is set to|are set to|"
    r"intends to|aims to|expects? to|expected to|is due to|are due to)\b"
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
