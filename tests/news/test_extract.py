"""The extraction rules, on sentences of our own in French and English, with negatives for each kind of rule."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from tracker.domain.news import Article, Candidate
from tracker.news.extract import EXTRACTOR_VERSION, KnownDeal, extract
from tracker.news.rules import explain, rule_table
from tracker.news.rules_parties import aliases_of
from tracker.news.sentences import split

PARIS = pendulum.datetime(2026, 2, 19, 18, 0, tz="Europe/Paris")  # a Thursday
NEW_YORK = pendulum.datetime(2026, 2, 19, 21, 0, tz="America/New_York")

ACME = KnownDeal("acme-widgets", "Acme–Widgets acquisition", (("Acme Corp.", "acquirer"), ("Widgets SA", "target")))
NOVA = KnownDeal(
    "nova-orbit", "Nova–Orbit investment", (("Nova", "investor"), ("Orbit", "investee")), kind="investment"
)
ROUND = KnownDeal("orbit-round", "Orbit funding round", (("Orbit", "issuer"),), kind="funding_round")
DEALS = (ACME, NOVA, ROUND)


def read(text: str, language: str, published: pendulum.DateTime = PARIS, deals=DEALS) -> list[Candidate]:
    return extract(Article(text=text, publisher="Wire", published_at=published, language=language), deals)


def only(text: str, language: str, **kw: object) -> Candidate:
    found = read(text, language, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, [(c.type, c.rule) for c in found]
    return found[0]


def test_version_and_rule_table_explained() -> None:
    assert EXTRACTOR_VERSION.startswith("rules-")
    for language in ("fr", "en"):
        rules = rule_table(language)
        assert rules and all(r.name.startswith(f"{language}.") and explain(r.name) for r in rules)
        assert len({r.name for r in rules}) == len(rules)


# --- sentences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Titre sans point\n\nAcme rachète Widgets. Le prix n’est pas connu !  Fin.\n» Top 10\n", "fr"),
        ("Acme agreed to buy Widgets for $2.1 billion. Mr. Smith said so.\nRead more\n\n", "en"),
    ],
)
def test_sentences_keep_exact_offsets(text: str, language: str) -> None:
    sentences = split(text, language)
    assert sentences
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


# --- parties and deals --------------------------------------------------------------------------


def test_aliases_strip_suffixes_and_take_a_first_word() -> None:
    assert "Activision" in aliases_of("Activision Blizzard")
    assert "Acme" in aliases_of("Acme Corp.")
    assert "Widgets" in aliases_of("Widgets SA")
    assert "SoftBank" in aliases_of("SoftBank Group")


def test_alias_matching_is_case_insensitive_and_word_bounded() -> None:
    c = only("ACME a finalisé le rachat de Widgets.", "fr")
    assert (c.deal, c.type) == ("acme-widgets", "deal_closed")
    assert read("Acmeville a finalisé le rachat d'une usine.", "fr") == []


def test_given_aliases_match() -> None:
    deal = KnownDeal("x-y", "X–Y", (("Xylo Holdings", "acquirer"), ("Yak", "target")), aliases=("XH",))
    c = only("XH has completed its acquisition of Yak.", "en", deals=(deal,))
    assert c.type == "deal_closed"


def test_the_deal_whose_parties_are_named_wins_and_a_round_when_the_round_is_named() -> None:
    c = only("Nova a déjà engagé jusqu'à 2 milliards d'euros d'investissements dans Orbit.", "fr")
    assert c.deal == "nova-orbit"
    c = only("Orbit is raising more than $5 billion in a funding round, people familiar with the matter said.", "en")
    assert (c.deal, c.type) == ("orbit-round", "talks_reported")
    assert c.terms[0].name == "round_size" and c.attributed_to == "anonymous"


# --- types, French ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "type_", "rule"),
    [
        ("Acme a signé une lettre d'intention pour racheter Widgets.", "letter_of_intent_signed", "fr.loi.signee"),
        ("Le rachat de Widgets par Acme a été suspendu.", "deal_suspended", "fr.suspended.suspens"),
        ("Le projet d'Acme sur Widgets est au point mort.", "deal_suspended", "fr.suspended.suspens"),
        ("Acme a mis en pause le rachat de Widgets.", "deal_suspended", "fr.suspended.suspens"),
        ("Acme a finalisé le rachat de Widgets.", "deal_closed", "fr.closed.finalise"),
        ("Acme a abandonné son projet de rachat de Widgets.", "deal_terminated", "fr.terminated.abandon"),
        ("Acme négocie le rachat de Widgets.", "talks_reported", "fr.talks.negocier"),
        ("Acme a déposé une offre sur Widgets.", "bid_made", "fr.bid.offre"),
        ("Widgets a rejeté l'offre d'Acme.", "bid_rejected", "fr.bid.rejetee"),
        ("Acme a démenti toute discussion avec Widgets.", "report_denied", "fr.denied.dementi"),
        ("Acme n'a pas confirmé le rachat de Widgets.", "not_confirmed", "fr.not_confirmed.pas_confirme"),
    ],
)
def test_french_types(sentence: str, type_: str, rule: str) -> None:
    c = only(sentence, "fr")
    assert (c.deal, c.type, c.rule) == ("acme-widgets", type_, rule)


def test_french_authority_blocks() -> None:
    c = only("L'Autorité de la concurrence a bloqué le rachat de Widgets par Acme.", "fr")
    assert c.type == "approval_updated"
    assert c.extra == {"authority": "Autorité de la concurrence", "kind": "antitrust", "status": "blocked"}


def test_french_lawsuit() -> None:
    c = only("Widgets a porté plainte contre Acme.", "fr")
    assert c.type == "litigation_updated" and c.extra["parties"] == ["Widgets SA", "Acme Corp."]


def test_french_participants_could_join_a_round() -> None:
    found = read("Selon Reuters, Nova et Kappa Capital pourraient également participer au tour de table d'Orbit.", "fr")
    assert {(c.deal, c.type, c.party) for c in found} == {
        ("orbit-round", "participant_in_talks", "Nova"),
        ("orbit-round", "participant_in_talks", "Kappa Capital"),
    }
    assert all(c.cites == ("Reuters",) for c in found)


# --- types, English -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "type_", "rule"),
    [
        ("Acme signed a letter of intent to buy Widgets.", "letter_of_intent_signed", "en.loi.signed"),
        ("Acme's plan to buy Widgets is on ice.", "deal_suspended", "en.suspended.on_hold"),
        ("Acme has put its takeover of Widgets on hold.", "deal_suspended", "en.suspended.on_hold"),
        ("Acme agreed to acquire Widgets.", "agreement_signed", "en.signed.agreed"),
        ("Acme completed its acquisition of Widgets.", "deal_closed", "en.closed.completed"),
        ("Acme terminated its agreement to buy Widgets.", "deal_terminated", "en.terminated.called_off"),
        ("Acme is in advanced talks to buy Widgets.", "talks_reported", "en.talks.in_talks"),
        ("Widgets rejected the offer from Acme.", "bid_rejected", "en.bid.rejected"),
        ("Acme denied that it had approached Widgets.", "report_denied", "en.denied.denied"),
        ("Acme declined to comment on Widgets.", "not_confirmed", "en.not_confirmed.declined"),
        ("Widgets sued Acme in Delaware.", "litigation_updated", "en.litigation.sued"),
    ],
)
def test_english_types(sentence: str, type_: str, rule: str) -> None:
    c = only(sentence, "en", published=NEW_YORK)
    assert (c.deal, c.type, c.rule) == ("acme-widgets", type_, rule)


def test_english_regulator_clears_and_blocks() -> None:
    c = only("The European Commission cleared Acme's purchase of Widgets.", "en")
    assert c.extra["status"] == "cleared" and c.extra["authority"] == "European Commission"
    c = only("The CMA blocked Acme's takeover of Widgets.", "en")
    assert c.extra == {"authority": "UK CMA", "kind": "antitrust", "status": "blocked"}


def test_blocked_without_an_authority_is_no_approval() -> None:
    assert all(c.type != "approval_updated" for c in read("Acme blocked the exit of Widgets staff.", "en"))
    assert all(c.type != "approval_updated" for c in read("Le blocage de l'accord d'Acme et Widgets pèse.", "fr"))


# --- negatives: boilerplate, context, false friends --------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("» Le Top 10 des rachats d'Acme\n» Widgets a été suspendu\n", "fr"),
        ("À lire aussi : Acme a finalisé le rachat de Widgets.\n", "fr"),
        ("Read more: Acme completed its acquisition of Widgets.\n", "en"),
        ("Acme completed its acquisition of Widgets\n", "en"),  # a headline line, no sentence
        ("We use cookies. Acme has put the Widgets deal on hold, accept cookies to read on.\n", "en"),
        ("Sign up to our newsletter about Acme and Widgets deals on hold.\n", "en"),
    ],
)
def test_boilerplate_never_yields(text: str, language: str) -> None:
    assert read(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Les valeurs technologiques ont chuté de 17 % depuis le début de l'année.", "fr"),
        ("Tech stocks fell 17% this year as investors worried about valuations.", "en"),
        ("L'accord entre Acme et Widgets a finalement pris plus de temps que prévu.", "fr"),  # finalement: no closing
        ("Acme is actually a large employer.", "en"),
        ("Acme a été fondée en 1990 et emploie 2 000 personnes.", "fr"),
    ],
)
def test_context_and_false_friends_yield_nothing(text: str, language: str) -> None:
    assert read(text, language) == []


def test_each_language_reads_only_its_own_words() -> None:
    assert read("Acme completed its acquisition of Widgets.", "fr") == []  # English words in a French article
    assert read("Acme a finalisé le rachat de Widgets.", "en") == []


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "language", "occurred", "precision", "date_text"),
    [
        ("En septembre, Acme a finalisé le rachat de Widgets.", "fr", "2025-09", "month", "En septembre"),
        ("Acme a finalisé jeudi le rachat de Widgets.", "fr", "2026-02-19", "day", "jeudi"),
        ("Acme a finalisé lundi le rachat de Widgets.", "fr", "2026-02-16", "day", "lundi"),
        ("Acme a finalisé hier le rachat de Widgets.", "fr", "2026-02-18", "day", "hier"),
        ("Acme a finalisé le 22 septembre 2025 le rachat de Widgets.", "fr", "2025-09-22", "day", None),
        ("Acme a finalisé en septembre dernier le rachat de Widgets.", "fr", "2025-09", "month", None),
        ("Acme a finalisé l'an dernier le rachat de Widgets.", "fr", "2025", "year", "l'an dernier"),
        ("Acme a finalisé au premier trimestre le rachat de Widgets.", "fr", "2026-Q1", "quarter", None),
        ("In January, Acme completed its acquisition of Widgets.", "en", "2026-01", "month", "In January"),
        ("Acme completed its acquisition of Widgets on April 25, 2022.", "en", "2022-04-25", "day", None),
        ("Acme completed its acquisition of Widgets last week.", "en", "2026-02-09?", "day", "last week"),
        ("Acme completed its acquisition of Widgets yesterday.", "en", "2026-02-18", "day", "yesterday"),
    ],
)
def test_dates_resolve_against_publication(
    sentence: str, language: str, occurred: str, precision: str, date_text: str | None
) -> None:
    c = only(sentence, language)
    assert (c.occurred, c.precision) == (occurred, precision)
    if date_text:
        assert c.date_text == date_text
    assert "date_from_publication" not in c.flags


def test_weekday_is_the_publishers_thursday() -> None:
    # 21:00 in New York on Thursday 19 February is already Friday in Paris: the publisher's zone decides.
    c = only("Acme completed its acquisition of Widgets on Thursday.", "en", published=NEW_YORK)
    assert c.occurred == "2026-02-19"
    late_paris = pendulum.datetime(2026, 2, 20, 1, 0, tz="Europe/Paris")
    c = only("Acme a finalisé jeudi le rachat de Widgets.", "fr", published=late_paris)
    assert c.occurred == "2026-02-19"


def test_no_date_is_the_publication_day_flagged_with_less_confidence() -> None:
    dated = only("Hier, Acme a finalisé le rachat de Widgets.", "fr")
    undated = only("Acme a finalisé le rachat de Widgets.", "fr")
    assert undated.occurred == "2026-02-19" and "date_from_publication" in undated.flags
    assert undated.confidence < dated.confidence


def test_future_verb_and_future_date_are_flagged() -> None:
    c = only("Le rachat de Widgets par Acme devrait être finalisé fin 2026.", "fr")
    assert c.occurred == "2026-Q4" and {"guessed_date", "future_date"} <= set(c.flags)
    c = only("Acme is expected to complete its acquisition of Widgets in the first quarter of 2027.", "en")
    assert c.occurred == "2027-Q1" and {"guessed_date", "future_date"} <= set(c.flags)


# --- amounts ------------------------------------------------------------------------------------


def test_french_long_scale_and_qualifiers() -> None:
    c = only("Acme a signé un accord pour racheter Widgets pour environ 1,4 billion d'euros.", "fr")
    term = c.terms[0]
    assert term.amount is not None and term.amount.value == Decimal("1.4e12")
    assert term.amount.qualifier.value == "about" and term.text == "environ 1,4 billion d'euros"


def test_a_cap_the_parser_has_no_word_for() -> None:
    c = only("Nova négocie un investissement dans Orbit qui pourrait s'élever à 3 milliards d'euros.", "fr")
    assert c.terms[0].amount is not None and c.terms[0].amount.qualifier.value == "up_to"
    assert c.terms[0].name == "investment"


@pytest.mark.parametrize(
    ("sentence", "language", "name"),
    [
        ("Acme agreed to acquire Widgets at $54.20 per share.", "en", "price_per_share"),
        ("Nova agreed to invest $2 billion in Orbit, valuing Orbit at $20 billion.", "en", "valuation"),
        ("Nova a signé un accord valorisant Orbit à 20 milliards d'euros.", "fr", "valuation"),
        ("Nova a accepté de racheter Orbit pour 3 milliards d'euros.", "fr", "price"),
    ],
)
def test_what_an_amount_is(sentence: str, language: str, name: str) -> None:
    c = read(sentence, language)[0]
    assert name in {t.name for t in c.terms}


def test_an_amount_the_parser_refuses_is_kept_and_flagged() -> None:
    c = only("Acme agreed to acquire Widgets for $1,5 billion.", "en")
    (term,) = [t for t in c.terms if t.text.startswith("$1,5")]
    assert term.amount is None and term.problem and "unparsed_amount" in c.flags


def test_market_percentages_are_not_terms() -> None:
    c = only("Acme a finalisé le rachat de Widgets, dont l'action a chuté de 12 %.", "fr")
    assert c.terms == ()


# --- attribution --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "language", "cites"),
    [
        ("Selon le Financial Times, Acme a suspendu le rachat de Widgets.", "fr", ("Financial Times",)),
        ("Comme le rapporte Reuters, Acme négocie le rachat de Widgets.", "fr", ("Reuters",)),
        ("Acme négocie le rachat de Widgets, a rapporté le WSJ.", "fr", ("Wall Street Journal",)),
        ("Le Wall Street Journal rapportait qu'Acme négocie avec Widgets.", "fr", ("Wall Street Journal",)),
        ("Acme is in talks to buy Widgets, according to Bloomberg.", "en", ("Bloomberg",)),
        ("Acme is in talks to buy Widgets, the FT reported.", "en", ("Financial Times",)),
    ],
)
def test_cited_outlets(sentence: str, language: str, cites: tuple[str, ...]) -> None:
    c = only(sentence, language)
    assert c.cites == cites and (c.attribution, c.attributed_to) == ("reported", "outlet")


def test_anonymous_party_and_conditional() -> None:
    c = only("Acme négocie le rachat de Widgets, selon des sources proches du dossier.", "fr")
    assert (c.attribution, c.attributed_to) == ("reported", "anonymous")
    c = only("Acme is in talks to buy Widgets, people familiar with the matter said.", "en")
    assert (c.attribution, c.attributed_to) == ("reported", "anonymous")
    c = only("Acme a annoncé avoir finalisé le rachat de Widgets.", "fr")
    assert (c.attribution, c.attributed_to) == ("confirmed", "party")
    c = only("Acme said in a statement it had completed its acquisition of Widgets.", "en")
    assert (c.attribution, c.attributed_to) == ("confirmed", "party")
    c = only("Acme serait en train de négocier le rachat de Widgets.", "fr")
    assert c.attribution == "reported" and "conditional" in c.flags
    c = only("Acme is reportedly in talks to buy Widgets.", "en")
    assert c.attribution == "reported" and "conditional" in c.flags


def test_unconfirmed_stance() -> None:
    c = only("Widgets n'a pas confirmé les discussions avec Acme.", "fr")
    assert (c.type, c.party, c.attribution) == ("not_confirmed", "Widgets SA", "unconfirmed")


# --- several sentences, one development; new deals -----------------------------------------------


def test_adjacent_sentences_about_one_development_are_one_candidate() -> None:
    text = (
        "Acme a signé une lettre d'intention pour racheter Widgets. "
        "Le projet prévoyait un prix de 2 milliards d'euros. "
        "Les marchés ont salué l'annonce."
    )
    (c,) = read(text, "fr")
    assert c.type == "letter_of_intent_signed" and len(c.quotes) == 2
    assert [t.name for t in c.terms] == ["price"]
    for q in c.quotes:
        assert text[q.start : q.end] == q.text


def test_this_replaces_makes_a_restructuring() -> None:
    text = (
        "Nova est sur le point de conclure un investissement de 5 milliards d'euros dans Orbit. "
        "Cela remplace l'engagement selon lequel Nova investirait 9 milliards d'euros dans Orbit."
    )
    (c,) = read(text, "fr")
    assert c.type == "deal_restructured" and c.second_type == "talks_reported"
    assert [(t.name, t.replaced) for t in c.terms] == [("investment", False), ("replaced_investment", True)]


def test_an_unknown_deal_is_proposed() -> None:
    c = only("Zenith Labs agreed to acquire Quasar Robotics for $1.2 billion.", "en")
    assert "new_deal" in c.flags and c.proposed_deal is not None
    assert c.proposed_deal.parties == (("Zenith Labs", "acquirer"), ("Quasar Robotics", "target"))
    assert c.deal == "zenith-labs-quasar-robotics" and c.terms[0].amount is not None
    c = only("Zénith rachète Quasar pour 300 millions d'euros.", "fr")
    assert c.proposed_deal is not None and c.deal == "zenith-quasar"


@pytest.mark.parametrize(
    ("title", "body", "language"),
    [
        (
            "Zénith renonce à racheter Quasar face aux régulateurs",
            "Le groupe a annoncé lundi qu'il renonçait à son projet, annoncé en mars, après l'opposition de Bruxelles.",
            "fr",
        ),
        (
            "Zenith abandons its $1.2 billion bid for Quasar",
            "The group said on Monday it had terminated the agreement after regulators objected.",
            "en",
        ),
    ],
)
def test_a_headline_about_an_untracked_deal_proposes_it_for_the_whole_article(
    title: str, body: str, language: str
) -> None:
    article = Article(text=body, publisher="Wire", published_at=PARIS, language=language, title=title)
    found = extract(article, DEALS)
    assert found and all(c.proposed_deal is not None and "new_deal" in c.flags for c in found)
    assert {c.deal for c in found} == {"zenith-quasar"} and "deal_terminated" in {c.type for c in found}


def test_an_article_about_no_known_party_and_no_deal_yields_nothing() -> None:
    assert read("Le temps sera ensoleillé jeudi sur toute la France.", "fr") == []
    assert read("Shares of several chipmakers rose on Thursday.", "en") == []


def test_an_article_without_publication_date_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="no publication date"):
        extract(Article(text="Acme a finalisé le rachat de Widgets.", language="fr"), DEALS)


def test_a_duration_or_a_lower_case_word_is_no_amount_and_a_refused_one_stops_before_the_next_figure() -> None:
    from tracker.news.rules_amounts import amounts_in

    assert amounts_in("ending a 21-month fight over the biggest takeover in gaming.", "en") == []
    (read,) = amounts_in("après un combat de 21 mois pour 68,7 milliards de dollars.", "fr")
    assert (read.text, read.problem) == ("68,7 milliards de dollars", None)
    (fee,) = amounts_in("a fee of 1 billion USD was paid", "en")
    assert fee.amount is not None and fee.amount.currency == "USD"  # type: ignore[union-attr]


@pytest.mark.parametrize("verb", ["will complete", "expects to complete", "is expected to complete"])
def test_a_future_step_takes_the_date_its_verb_governs_not_the_day_it_was_said(verb: str) -> None:
    from tracker.news.reports import candidate_report

    text = f"Acme {verb} its acquisition of Widgets in June 2027, the company said on Thursday."
    article = Article(text=text, publisher="Wire", published_at=PARIS, language="en")
    (c,) = extract(article, DEALS)
    assert c.occurred == "2027-06" and {"future_date", "guessed_date"} <= set(c.flags)
    report = candidate_report(c, article)
    assert report["type"] == "terms_reported" and report["terms"] == {"expected_close": "2027-06"}
