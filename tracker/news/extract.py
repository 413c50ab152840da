"""Candidate developments from an article, by rules a reviewer can read: pure, no I/O.

For each sentence: is it page furniture (never a candidate)? Which known deal
does it speak of (tracker.news.rules_parties)? Which rule tells its type
(tracker.news.rules, words in tracker.news.lexicon_fr / lexicon_en)? Its date
(rules_dates), amounts (rules_amounts) and attribution (rules_attribution).
Then sentences about one development become one candidate:

* the same deal, type and party within two sentences, dates that can meet and
  no figure that contradicts: one candidate with several quotes;
* "Le projet ... prévoyait", "The deal provided for": terms told of a
  development just told join it;
* "Cela remplace ...", "This replaces ...": the development just told of that
  deal is a restructuring, and the figures after "remplace" are what it replaces;
* "Cet investissement fait partie d'un cycle de financement": the round's terms,
  and the investor of the investment just told a participant of the round.

An article about a deal nobody tracks ("X agreed to acquire Y for $N", "X
rachète Y pour N") proposes one (flag ``new_deal``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import ModuleType

from pendulum import DateTime

from tracker.domain.events import CATALOG
from tracker.domain.news import Article, Candidate, CandidateTerm, ProposedDeal, Quote
from tracker.news.rules import (
    TypeHit,
    TypeRule,
    authorities_in,
    compiled,
    find,
    is_boilerplate,
    lexicon,
    straight,
    type_hits,
)
from tracker.news.rules_amounts import ReadAmount, amounts_in
from tracker.news.rules_attribution import OUTLETS, attribution_of
from tracker.news.rules_clauses import CLAUSE, developments, governs
from tracker.news.rules_context_dates import context_dates
from tracker.news.rules_dates import ReadDate, dates_in
from tracker.news.rules_parties import KnownDeal, choose_deal, names_before, parties_in, speakers
from tracker.news.rules_people import more_speakers, with_person_aliases

__all__ = ["EXTRACTOR_VERSION", "KnownDeal", "extract"]

EXTRACTOR_VERSION = "rules-1"

_ROUND_KINDS = ("funding_round", "round")
_ROUND_TERMS = ("round_size", "valuation", "valuation_pre", "valuation_post")
_TERM_TYPES = (
    "letter_of_intent_signed",
    "agreement_signed",
    "terms_proposed",
    "terms_reported",
    "deal_restructured",
    "talks_reported",
)
_FORM_WORDS = (
    r"\bprise de participation\b|\bparticipation (?:minoritaire|majoritaire)\b|(?<=une )participation\b|"
    r"\b(?:minority |majority |controlling )?equity stake\b|\ball-cash\b|\ball-stock\b|\ben numéraire\b|"
    r"\bcash and stock\b|\bjoint venture\b|\bcoentreprise\b"
)
_NAME = r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}"
_NEW_DEAL = {
    "fr": rf"(?P<a>{_NAME})\s+(?:rachète|va racheter|a accepté de racheter|acquiert|a acquis|a racheté|s'offre|"
    r"(?:renonce|a renoncé|renonçait) à racheter|(?:veut|voulait|souhaite|compte|envisage de) racheter)\s+"
    rf"(?:le |la |les |l')?(?:groupe |société |start-up |startup )?(?P<b>{_NAME})",
    "en": rf"(?P<a>{_NAME})\s+(?:has agreed to (?:acquire|buy)|agreed to (?:acquire|buy)|will acquire|acquires|"
    rf"acquired|buys|bought|is buying|to acquire|to buy|(?:abandons|abandoned|drops|dropped|scraps|scrapped) "
    rf"(?:its |a |the )?(?:\S+ ){{0,3}}(?:bid|deal|plan|offer) (?:for|to (?:acquire|buy)))\s+"
    rf"(?:the )?(?:[a-z]\w* )?(?P<b>{_NAME})",
}


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    text: str  # straight apostrophes, same length as the article's
    raw: str
    named: dict[str, list[tuple[int, int]]]
    boilerplate: bool
    dates: list[ReadDate] | None = None  # read once, its own and those its context gives


@dataclass
class _Draft:
    deal: KnownDeal
    type: str
    rule: str
    weight: float
    first: int
    last: int
    quotes: list[Quote]
    terms: list[CandidateTerm]
    date: ReadDate | None
    flags: set[str]
    attribution: str
    attributed_to: str | None
    cites: list[str]
    party: str | None = None
    second_type: str | None = None
    from_context: bool = False
    extra: dict[str, object] = field(default_factory=dict)
    proposed: ProposedDeal | None = None


def extract(article: Article, deals: Sequence[KnownDeal]) -> list[Candidate]:
    """The candidates an article proposes for the known ``deals`` (and for deals it shows to be new)."""
    if article.published_at is None:
        raise ValueError(
            "the article has no publication date: its relative dates ('jeudi', 'in September') cannot be read"
        )
    language = "fr" if (article.language or "").lower().startswith("fr") else "en"
    from tracker.news.sentences import split

    text = straight(article.text)
    title = straight(article.title or "")
    known = with_person_aliases(list(deals), title + "\n" + text, language)
    people = {**more_speakers(title + "\n" + text, known), **speakers(title + "\n" + text, known)}
    for before, after in zip(deals, known, strict=True):
        for alias in after.aliases[len(before.aliases) :]:
            person = next(p for p in after.party_names() if p.endswith(alias))
            people.setdefault(person, person)
            people.setdefault(alias, person)
    sentences = [
        _Sentence(
            s.index,
            s.start,
            s.end,
            text[s.start : s.end],
            s.text,
            parties_in(text[s.start : s.end], known),
            is_boilerplate(s.text, s.line_ends_sentence, language) or _is_title(s.text, article.title),
        )
        for s in split(article.text, language)
    ]
    reader = _Reader(article, language, known, people, sentences, set(parties_in(title, known)))
    reader.propose_from_title(title)
    for sentence in sentences:
        if not sentence.boilerplate:
            reader.read(sentence)
    return [reader.candidate(d) for d in reader.drafts]


def _is_title(sentence: str, title: str | None) -> bool:
    """A headline sums the article up; its developments are told, and quoted, in the body."""
    return bool(title) and " ".join(sentence.split()) == " ".join((title or "").split())


class _Reader:
    def __init__(
        self,
        article: Article,
        language: str,
        deals: list[KnownDeal],
        people: dict[str, str],
        sentences: list[_Sentence],
        title_parties: set[str],
    ) -> None:
        self.article = article
        self.language = language
        self.lex = lexicon(language)
        self.deals = deals
        self.people = people
        self.sentences = sentences
        self.title_parties = title_parties
        self.drafts: list[_Draft] = []
        self.proposed: set[str] = set()
        self.last_authority: tuple[str, str] | None = None  # the last regulator named, for "the watchdog"
        assert article.published_at is not None
        self.published: DateTime = article.published_at

    # --- one sentence -----------------------------------------------------------------------------------------

    def read(self, s: _Sentence) -> None:
        amounts = [a for a in amounts_in(self._masked(s), self.language) if a.name is not None]
        hits = [h for h in type_hits(s.text, self.language) if self._holds(h, s, amounts)]
        if not s.named and not self._near(s) and not self.title_parties and not hits:
            return
        if not any(s.named) and not self._anaphora(s) and self._propose_deal(s):
            s.named = parties_in(s.text, self.deals)
        round_hits = [h for h in hits if h.rule.options.get("round") or h.rule.options.get("participants")]
        other_hits = [h for h in hits if h not in round_hits]
        used_round = self._read_round(s, round_hits, amounts) if round_hits else False
        speaker = self._speaker(s)
        statement = [h for h in other_hits if h.rule.type == "statement_made"]
        if statement and speaker and other_hits[0].rule.type == "terms_reported":
            self._emit(s, statement[:1], [], deal=None, exclude_round=used_round)
            other_hits = [h for h in other_hits if h.rule.type != "statement_made"]
        if other_hits:
            for group, group_amounts, dates in developments(s.text, other_hits, amounts, self._dates(s), self.lex):
                self._emit(s, group, group_amounts, deal=None, exclude_round=used_round, dates=dates)
        elif not used_round and s.named and any(a.amount is not None and a.name != "percent" for a in amounts):
            self._context(s, amounts)
        self._remember(s)

    def _dates(self, s: _Sentence) -> list[ReadDate]:
        if s.dates is None:
            own = dates_in(s.text, self.language, self.published, False)
            futures = [m.start() for m in compiled(self.lex.FUTURE).finditer(s.text)]
            if futures:  # "devrait être finalisé en mars": forward; "a conclu fin novembre, ... pourrait": back
                ahead = {d.start: d for d in dates_in(s.text, self.language, self.published, True)}
                cuts = [m.start() for m in CLAUSE.finditer(s.text)]
                own = [ahead.get(d.start, d) if governs(futures, d.start, cuts) else d for d in own]
            back = self._last_date(s) if find(self.lex.BACK_DATES, s.text) else None
            more = context_dates(s.text, self.language, self.published, back, own)
            s.dates = sorted([*own, *more], key=lambda d: d.start)
        return s.dates

    def _last_date(self, s: _Sentence) -> ReadDate | None:
        """The last date the article wrote before ``s``, for "the same day", "à l'époque"."""
        for other in reversed(self.sentences[: s.index]):
            if not other.boilerplate and self._dates(other):
                return self._dates(other)[-1]
        return None

    def _masked(self, s: _Sentence) -> str:
        """The sentence with its dates blanked, same length: a year or a day is never read as an amount."""
        text = s.text
        if not any(c.isdigit() for c in text):
            return text
        for d in self._dates(s):
            text = text[: d.start] + " " * (d.end - d.start) + text[d.end :]
        return text

    def _remember(self, s: _Sentence) -> None:
        """What later sentences may point back to: the last regulator named."""
        named = authorities_in(s.raw)
        if named:
            self.last_authority = named[-1][1], named[-1][2]

    def _authority(self, s: _Sentence, at: int | None = None) -> tuple[str, str] | None:
        """The regulator a sentence names (the last one before ``at``), or the one 'the watchdog' points back to."""
        named = authorities_in(s.raw)
        before = [a for a in named if at is None or a[0] < at]
        if before or named:
            chosen = (before or named)[-1] if at is not None else named[0]
            return chosen[1], chosen[2]
        if find(self.lex.AUTHORITY_ANAPHORA, s.text):
            return self.last_authority
        return None

    def _holds(self, hit: TypeHit, s: _Sentence, amounts: list[ReadAmount]) -> bool:
        """A rule's options: an amount, an authority, a speaker the article ties to a party."""
        options = hit.rule.options
        if options.get("amount") and not amounts:
            return False
        if options.get("authority") and self._authority(s, hit.start) is None:
            return False
        if hit.rule.type not in _SPEECH_TYPES and _hypothetical(s.text, hit, self.lex):
            return False
        if options.get("party_speaks"):
            return bool(self._speaker(s) or self._subject(s, hit))
        if options.get("speaker") and not self._speaker(s):
            return self._company_speaks(s) is not None
        return True

    def _subject(self, s: _Sentence, hit: TypeHit) -> str | None:
        """Who does what the rule tells: the party, or the regulator, named last before the words (not 'X's')."""
        best: tuple[int, str] | None = None
        for party, spans in s.named.items():
            for _, end in spans:
                if party and end <= hit.start and not find(self.lex.POSSESSIVE, s.text[end:]):
                    best = max(best or (end, party), (end, party))
        for start, name, _ in authorities_in(s.raw[: hit.start]):
            best = max(best or (start, name), (start, name))
        noun = next(reversed(list(compiled(_AUTHORITY_NOUN).finditer(s.text[: hit.start]))), None)
        if noun is not None and (best is None or noun.start() > best[0]):
            authority = self._authority(s, noun.start()) or self.last_authority
            if authority is not None:
                return authority[0]
        return best[1] if best else None

    def _company_speaks(self, s: _Sentence) -> str | None:
        """'« ... », a prévenu l'éditeur': a quotation and a company noun, the party named just before."""
        if not re.search(r"[«\"“]", s.text) or not find(self.lex.COMPANY_SUBJECT, s.text):
            return None
        here = [p for p in s.named if p]
        before = [p for p in self.sentences[s.index - 1].named if p] if s.index > 0 else []
        pool = here or before
        return pool[0] if len(pool) == 1 else None

    def _speaker(self, s: _Sentence) -> str | None:
        for person in sorted(self.people, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(person)}(?!\w)", s.text):
                return person
        return None

    def _near(self, s: _Sentence) -> set[str]:
        near: set[str] = set()
        for other in self.sentences[max(0, s.index - 1) : s.index + 2]:
            if other.index != s.index and not other.boilerplate:
                near |= set(other.named)
        return near

    def _anaphora(self, s: _Sentence) -> bool:
        return bool(find(self.lex.ANAPHORA, s.text))

    def _recent(self, s: _Sentence, within: int, kinds: tuple[str, ...] = ()) -> _Draft | None:
        for draft in reversed(self.drafts):
            if s.index - draft.last > within:
                return None
            if not kinds or draft.deal.kind in kinds:
                return draft
        return None

    def _deal_for(self, s: _Sentence, exclude_round: bool) -> tuple[KnownDeal, bool] | None:
        if not s.named and self._anaphora(s):
            recent = self._recent(s, 2)
            if recent is not None and not (exclude_round and recent.deal.kind in _ROUND_KINDS):
                return recent.deal, True
        deals = [d for d in self.deals if not (exclude_round and d.kind in _ROUND_KINDS)]
        round_words = bool(find(self.lex.ROUND_WORDS, s.text)) and not exclude_round
        choice = choose_deal(s.text, s.named, self._near(s), self.title_parties, deals, round_words)
        return (choice.deal, choice.from_context) if choice else None

    # --- drafts ---------------------------------------------------------------------------------------------------

    def _emit(
        self,
        s: _Sentence,
        hits: list[TypeHit],
        amounts: list[ReadAmount],
        deal: KnownDeal | None,
        exclude_round: bool,
        party: str | None = None,
        dates: list[ReadDate] | None = None,
    ) -> _Draft | None:
        chosen = (deal, False) if deal else self._deal_for(s, exclude_round)
        if chosen is None:
            return None
        known, from_context = chosen
        best = hits[0]
        weight = best.weight + (0.1 if best.rule.type == "statement_made" else 0.0)
        second = next((h for h in hits[1:] if h.rule.type != best.rule.type), None)
        draft = self._draft(s, known, best, weight, amounts, from_context, dates)
        if second is not None and weight - second.weight <= 0.15:
            draft.second_type = second.rule.type
        if not self._fill_fields(draft, s, best, party):
            return None
        self._add(draft, s, best)
        return draft

    def _draft(
        self,
        s: _Sentence,
        deal: KnownDeal,
        hit: TypeHit,
        weight: float,
        amounts: list[ReadAmount],
        from_context: bool,
        dates: list[ReadDate] | None = None,
    ) -> _Draft:
        type_ = hit.rule.type
        forward = bool(find(self.lex.FUTURE, s.text))
        dates = self._dates(s) if dates is None else dates
        if type_ == "deal_restructured":
            dates = [d for d in dates if d.end <= hit.start]
        # A future verb points at the date it governs ("will complete ... in June 2027, the company said on
        # Thursday"): the date after publication, not the day it was said.
        ahead = [d for d in dates if d.after_publication] if forward else []
        date = ahead[0] if ahead else next((d for d in dates if not d.after_publication), dates[0] if dates else None)
        if date is not None:  # offsets and words of the article itself
            date = replace(date, start=s.start + date.start, end=s.start + date.end, text=s.raw[date.start : date.end])
        flags: set[str] = set()
        if date is None:
            flags.add("date_from_publication")
        else:
            if find(self.lex.BACK_DATES, date.text):
                flags.add("date_from_context")
            if forward:
                flags.add("guessed_date")
            if date.after_publication:
                flags.add("future_date")
            if date.week:
                flags.add("week")
        terms = self._terms(s, deal, amounts, hit)
        if any(t.amount is None and t.problem for t in terms):
            flags.add("unparsed_amount")
        denied, unconfirmed = type_ == "report_denied", type_ == "not_confirmed"
        parties = {p for d in self.deals for p in d.party_names()} | set(self.people)
        said = attribution_of(s.text, self.language, parties, unconfirmed, denied)
        if said.conditional:
            flags.add("conditional")
        quote = Quote(s.raw, s.start, s.end, said.cites, said.attribution)
        return _Draft(
            deal, type_, hit.rule.name, weight, s.index, s.index, [quote], terms, date, flags,
            said.attribution, said.attributed_to, list(said.cites), from_context=from_context,
        )  # fmt: skip

    def _terms(self, s: _Sentence, deal: KnownDeal, amounts: list[ReadAmount], hit: TypeHit) -> list[CandidateTerm]:
        is_round = deal.kind in _ROUND_KINDS
        terms: list[CandidateTerm] = []
        for read in amounts:
            name = read.name or "amount"
            if name == "amount":
                name = deal.headline_term or "amount"
            if is_round != (name in _ROUND_TERMS or name == (deal.headline_term or "amount")) and is_round:
                continue
            replaced = hit.rule.type == "deal_restructured" and read.start > hit.end
            name = f"replaced_{name}" if replaced else name
            taken = {t.name for t in terms}
            unique = (
                name if name not in taken else next(f"{name}_{i}" for i in range(2, 99) if f"{name}_{i}" not in taken)
            )
            terms.append(
                CandidateTerm(
                    unique, read.text, read.amount, read.problem, s.start + read.start, s.start + read.end, replaced
                )
            )
        if hit.rule.type in _TERM_TYPES and not is_round:
            form = find(_FORM_WORDS, s.text)
            if form:
                terms.append(
                    CandidateTerm(
                        "form",
                        s.raw[form.start() : form.end()],
                        None,
                        None,
                        s.start + form.start(),
                        s.start + form.end(),
                    )
                )
        return terms

    def _fill_fields(self, draft: _Draft, s: _Sentence, hit: TypeHit, party: str | None) -> bool:
        """The fields the type needs; False when the sentence does not give them (no candidate then)."""
        options = hit.rule.options
        named = [p for p in sorted(s.named, key=lambda p: s.named[p][0][0]) if p in draft.deal.party_names()]
        if hit.rule.type == "statement_made":
            speaker = self._speaker(s)
            draft.party = self.people.get(speaker or "")
            if speaker:
                draft.extra["speaker"] = max(
                    (p for p, v in self.people.items() if v == draft.party and speaker in p), key=len
                )
            elif options.get("party_speaks"):
                draft.party = self._subject(s, hit)
            else:
                draft.party = self._company_speaks(s)
            return draft.party is not None
        if hit.rule.type in _SUBJECT_TYPES:
            who = party or self._subject(s, hit) or _not_possessive(s, draft.deal, self.lex)
            if who is None:
                return False
            draft.party = who
        elif options.get("party") or options.get("bidder"):
            who = party or (named[0] if named else None) or _first(draft.deal.party_names())
            if who is None:
                return False
            draft.party = who
            if options.get("bidder"):
                draft.extra["bidder"] = who
                draft.party = None
                if hit.rule.type == "bid_rejected":
                    draft.party = who
        if party:
            draft.party = party
        if options.get("authority"):
            found = self._authority(s, hit.start)
            if found is None:
                return False
            draft.extra.update({"authority": found[0], "kind": found[1], "status": options["status"]})
        if hit.rule.type == "litigation_updated":
            plaintiff, *others = named or list(draft.deal.party_names())
            defendant = (
                others[0] if others else next((p for p in draft.deal.party_names() if p != plaintiff), plaintiff)
            )
            draft.extra.update(
                {
                    "case": f"{plaintiff} v. {defendant}",
                    "court": "not named in the article",
                    "parties": [plaintiff, defendant],
                    "status": options.get("status", "filed"),
                }
            )
            draft.flags.add("court_not_named")
        return True

    def _add(self, draft: _Draft, s: _Sentence, hit: TypeHit) -> None:
        if hit.rule.options.get("stage_from") and self._anaphora(s) and self._retype(draft, s):
            return
        if draft.type == "terms_reported" and (self._anaphora(s) or draft.from_context) and self._attach(draft, s):
            return
        for earlier in reversed(self.drafts):
            if s.index - earlier.last > 2:
                break
            if (_same_development(earlier, draft) and earlier.last != s.index) or _same_step(earlier, draft):
                _merge(earlier, draft)
                return
        if draft.type == "approval_updated" and "date_from_publication" in draft.flags:
            told = next((e for e in self.drafts if _same_step(e, draft) and e.date is not None), None)
            if told is not None:  # "The CMA's decision to prohibit the takeover": the block told earlier
                _merge(told, draft)
                return
        self.drafts.append(draft)

    def _retype(self, draft: _Draft, s: _Sentence) -> bool:
        """'Cela remplace ...': the development of this deal just told is a restructuring."""
        for earlier in reversed(self.drafts):
            if s.index - earlier.last > 6:
                return False
            if earlier.deal.slug == draft.deal.slug and earlier.type in _TERM_TYPES:
                if earlier.type == "talks_reported":
                    earlier.extra["stage"] = "in_talks"
                earlier.second_type, earlier.type = earlier.type, "deal_restructured"
                earlier.rule = draft.rule
                earlier.weight = max(earlier.weight, draft.weight)
                _merge(earlier, draft, keep_type=True)
                return True
        return False

    def _attach(self, draft: _Draft, s: _Sentence) -> bool:
        """'Le projet ... prévoyait ...': terms of the development of this deal told just before."""
        for earlier in reversed(self.drafts):
            if s.index - earlier.last > 3:
                return False
            if earlier.deal.slug != draft.deal.slug or earlier.type not in _TERM_TYPES[:3]:
                continue
            if draft.date is None or earlier.date is None or draft.date.edtf == earlier.date.edtf:
                _merge(earlier, draft, keep_type=True)
                return True
        return False

    # --- funding rounds -------------------------------------------------------------------------------------------

    def _read_round(self, s: _Sentence, hits: list[TypeHit], amounts: list[ReadAmount]) -> bool:
        deal = self._round_deal(s)
        if deal is None:
            return False
        hit = hits[0]
        if hit.rule.options.get("participants"):
            outlets = [name for name, _ in OUTLETS]
            names = [
                n for n in names_before(s.raw, hit.start, outlets) if n not in outlets and n not in deal.party_names()
            ]
            for name in names:
                self._emit(s, [hit], amounts if len(names) == 1 else [], deal=deal, exclude_round=False, party=name)
            return bool(names)
        round_amounts = [a for a in amounts if a.name in _ROUND_TERMS or a.name == "amount"]
        antecedent = self._recent(s, 2) if hit.rule.options.get("antecedent_participant") else None
        self._emit(s, [hit], round_amounts, deal=deal, exclude_round=False)
        if antecedent is not None and antecedent.deal.kind not in _ROUND_KINDS:
            self._participant_from(antecedent, deal, s, hit)
        return True

    def _round_deal(self, s: _Sentence) -> KnownDeal | None:
        rounds = [d for d in self.deals if d.kind in _ROUND_KINDS]
        recent = self._recent(s, 3, _ROUND_KINDS)
        if recent is not None and find(self.lex.ROUND_ANAPHORA, s.text):
            return recent.deal
        for pool in (set(s.named), self._near(s), self.title_parties):
            found = [d for d in rounds if set(d.party_names()) & pool]
            if found:
                return found[0]
        return recent.deal if recent else None

    def _participant_from(self, antecedent: _Draft, deal: KnownDeal, s: _Sentence, hit: TypeHit) -> None:
        """'Cet investissement fait partie d'un cycle ...': the investor just told takes part in the round."""
        investor = next((n for n, r in antecedent.deal.parties if r in ("investor", "acquirer")), None)
        if investor is None:
            return
        kind = (
            "participant_joined" if antecedent.type in ("deal_closed", "agreement_signed") else "participant_in_talks"
        )
        money = [
            t for t in antecedent.terms if t.amount is not None and t.name not in _ROUND_TERMS and t.name != "form"
        ]
        draft = replace(
            antecedent,
            deal=deal,
            type=kind,
            rule=hit.rule.name,
            weight=hit.weight,
            first=s.index,
            last=s.index,
            quotes=[*antecedent.quotes[:1], *self.drafts[-1].quotes[-1:]],
            terms=[replace(money[0], name="investment")] if money else [],
            flags=set(antecedent.flags),
            cites=list(antecedent.cites),
            party=investor,
            second_type=None,
            extra={},
        )
        self.drafts.append(draft)

    # --- context and new deals --------------------------------------------------------------------------------

    def _context(self, s: _Sentence, amounts: list[ReadAmount]) -> None:
        """A party's figure and no development: context, low confidence (a reviewer will likely drop it)."""
        money = [a for a in amounts if a.amount is not None and a.name not in ("percent", None)]
        if not money:
            return
        chosen = self._deal_for(s, exclude_round=False)
        if chosen is None:
            return
        context = TypeRule(f"{self.language}.context.figures", re.compile(""), "context_noted", 0.3, "a party's figure")
        draft = self._draft(s, chosen[0], TypeHit(context, 0, 0), 0.3, money, chosen[1])
        draft.extra["topic"] = "financials"
        self._add(draft, s, TypeHit(context, 0, 0))

    def propose_from_title(self, title: str) -> None:
        """A headline naming two companies not tracked, one buying the other ("Adobe renonce à racheter Figma"),
        proposes their deal for the whole article: the body often names the buyer only as "il" or "the group"."""
        if not title or self.title_parties:
            return
        before = len(self.deals)
        self._propose_deal_in(title)
        if len(self.deals) > before:
            self.title_parties = set(parties_in(title, self.deals))
            for sentence in self.sentences:
                sentence.named = parties_in(sentence.text, self.deals)

    def _propose_deal(self, s: _Sentence) -> bool:
        return self._propose_deal_in(s.raw)

    def _propose_deal_in(self, text: str) -> bool:
        match = re.search(_NEW_DEAL[self.language], text)
        if match is None:
            return False
        buyer, target = _clean_name(match.group("a")), _clean_name(match.group("b"))
        if not buyer or not target or buyer == target:
            return False
        slug = f"{_slug(buyer)}-{_slug(target)}"
        if any(d.slug == slug for d in self.deals):
            return True
        parties = ((buyer, "acquirer"), (target, "target"))
        self.deals.append(
            KnownDeal(slug, f"{buyer}–{target} acquisition", parties, kind="acquisition", headline_term="price")
        )
        self.proposed.add(slug)
        return True

    # --- out --------------------------------------------------------------------------------------------------------

    def candidate(self, draft: _Draft) -> Candidate:
        local = self.published
        date = draft.date
        occurred = date.edtf if date else local.to_date_string()
        precision = date.precision if date else "day"
        confidence = draft.weight + (0.05 if not draft.from_context else -0.1)
        for flag, cost in (
            ("date_from_publication", 0.1),
            ("guessed_date", 0.1),
            ("future_date", 0.15),
            ("conditional", 0.05),
            ("unparsed_amount", 0.05),
        ):
            if flag in draft.flags:
                confidence -= cost
        if draft.second_type:
            confidence -= 0.1
        proposed = None
        if draft.deal.slug in self.proposed:
            proposed = ProposedDeal(draft.deal.slug, draft.deal.name, draft.deal.parties, draft.deal.kind)
            draft.flags.add("new_deal")
        return Candidate(
            deal=draft.deal.slug,
            type=draft.type,
            rule=draft.rule,
            occurred=occurred,
            precision=precision,
            summary=self._summary(draft),
            quotes=tuple(draft.quotes),
            date_text=date.text if date else None,
            second_type=draft.second_type,
            terms=tuple(draft.terms),
            attribution=draft.attribution,
            attributed_to=draft.attributed_to,
            cites=tuple(dict.fromkeys(draft.cites)),
            party=draft.party,
            confidence=Decimal(str(min(0.95, max(0.05, confidence)))).quantize(Decimal("0.01")),
            flags=tuple(sorted(draft.flags)),
            proposed_deal=proposed,
            extra=dict(draft.extra),
        )

    def _summary(self, draft: _Draft) -> str:
        label = CATALOG[draft.type].badge.label.lower()
        parts = [f"{draft.deal.name}: {label}"]
        if draft.party:
            parts.append(draft.party)
        figures = [f"{t.name} {t.amount.human()}" for t in draft.terms if t.amount is not None and not t.replaced]
        if figures:
            parts.append(", ".join(figures))
        if draft.cites:
            parts.append("per " + ", ".join(dict.fromkeys(draft.cites)))
        return " · ".join(parts)


def _same_step(earlier: _Draft, draft: _Draft) -> bool:
    """One authority's same step, told again (the date aside)."""
    return (
        earlier.type == draft.type == "approval_updated"
        and earlier.deal.slug == draft.deal.slug
        and (earlier.extra.get("authority"), earlier.extra.get("status"))
        == (draft.extra.get("authority"), draft.extra.get("status"))
        and (earlier.date is None or draft.date is None or earlier.date.edtf == draft.date.edtf)
        and earlier.last != draft.first
    )


def _same_development(earlier: _Draft, draft: _Draft) -> bool:
    if (earlier.deal.slug, earlier.type, earlier.party) != (draft.deal.slug, draft.type, draft.party):
        return False
    if (earlier.extra.get("authority"), earlier.extra.get("status")) != (
        draft.extra.get("authority"),
        draft.extra.get("status"),
    ):
        return False
    if earlier.date and draft.date and earlier.date.edtf != draft.date.edtf:
        return False
    dated_back = "date_from_context" in earlier.flags | draft.flags
    if dated_back and "date_from_publication" in earlier.flags | draft.flags:
        return False  # "à l'époque" told then; an undated sentence after it tells now
    mine = {t.name: t.amount for t in earlier.terms}
    return all(t.name not in mine or mine[t.name] == t.amount for t in draft.terms)


def _merge(earlier: _Draft, draft: _Draft, keep_type: bool = False) -> None:
    earlier.last = max(earlier.last, draft.last)
    earlier.quotes.extend(q for q in draft.quotes if q not in earlier.quotes)
    taken = {t.name for t in earlier.terms}
    earlier.terms.extend(t for t in draft.terms if t.name not in taken)
    earlier.cites.extend(c for c in draft.cites if c not in earlier.cites)
    if earlier.date is None and draft.date is not None:
        earlier.date = draft.date
        earlier.flags.discard("date_from_publication")
    earlier.flags |= draft.flags - {"date_from_publication"}
    if earlier.attributed_to is None:
        earlier.attribution, earlier.attributed_to = draft.attribution, draft.attributed_to
    if draft.attributed_to == "outlet" and earlier.attributed_to != "outlet":
        earlier.attribution, earlier.attributed_to = draft.attribution, "outlet"
    if not keep_type:
        earlier.weight = max(earlier.weight, draft.weight)


# Types whose party is the subject of the words: who denies, who has not confirmed, who contests.
_SUBJECT_TYPES = ("not_confirmed", "report_denied", "status_contested")
# Types about what someone says: a hypothetical word ("if", "risk that") does not undo them.
_SPEECH_TYPES = ("statement_made", "not_confirmed", "report_denied", "deal_rumored", "participant_in_talks")
_AUTHORITY_NOUN = (
    r"\b(?:the|its|le|la|l') ?(?:watchdog|regulator|agency|commission|administration|gendarme|régulateur|"
    r"autorité)\b"
)


def _hypothetical(text: str, hit: TypeHit, lex: ModuleType) -> bool:
    """'a real risk that the takeover collapses': the words tell a risk, not a development."""
    for match in compiled(lex.HYPOTHETICAL).finditer(text[: hit.start]):
        between = text[match.end() : hit.start]
        if len(between) <= 50 and not re.search(r"[.;]", between):
            return True
    return False


def _not_possessive(s: _Sentence, deal: KnownDeal, lex: ModuleType) -> str | None:
    """The deal's party the sentence does not write as a possessive ('called Musk's attempt ...': Twitter)."""
    possessive = {p for p, spans in s.named.items() for _, end in spans if re.match(lex.POSSESSIVE, s.text[end:])}
    if not possessive:
        return None
    rest = [p for p in deal.party_names() if p not in possessive]
    return rest[0] if len(rest) == 1 else None


def _first(names: tuple[str, ...]) -> str | None:
    return names[0] if names else None


def _clean_name(name: str) -> str:
    return re.sub(r"^(?:The|Le|La|Les)\s+", "", name).strip(" .,'")


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40] or "party"
