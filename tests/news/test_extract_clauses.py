"""Rules added for recall: several steps in one sentence, regulators named by what they are, past-tense
agreements, contested terminations, a party speaking, dates taken from context. Sentences of our own, in
French and English, each rule with a negative."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from tracker.domain.news import Article, Candidate
from tracker.news.extract import KnownDeal, extract
from tracker.news.rules import authorities_in
from tracker.news.rules_people import with_person_aliases

PARIS = pendulum.datetime(2026, 2, 19, 18, 0, tz="Europe/Paris")  # a Thursday

ACME = KnownDeal("acme-widgets", "Acme–Widgets acquisition", (("Acme Corp.", "acquirer"), ("Widgets SA", "target")))
DOE = KnownDeal("doe-gizmo", "Jane Doe's purchase of Gizmo", (("Jane Doe", "acquirer"), ("Gizmo", "target")))
ROUND = KnownDeal("orbit-round", "Orbit funding round", (("Orbit", "issuer"),), kind="funding_round")
ZETA_ROUND = KnownDeal(
    "orbit-zeta-2024", "Orbit round led by Zeta (2024)", (("Orbit", "issuer"), ("Zeta Capital", "lead investor")),
    kind="funding_round",
)  # fmt: skip
DEALS = (ACME, DOE, ROUND, ZETA_ROUND)


def read(text: str, language: str) -> list[Candidate]:
    return extract(Article(text=text, publisher="Wire", published_at=PARIS, language=language), DEALS)


def kinds(found: list[Candidate]) -> list[tuple[str, str]]:
    return [(c.type, c.occurred) for c in found]


def one(found: list[Candidate], type_: str) -> Candidate:
    matching = [c for c in found if c.type == type_]
    assert len(matching) == 1, kinds(found)
    return matching[0]


# --- several steps in one sentence, each its clause's date and figures ----------------------------------------


def test_two_steps_in_one_sentence_english() -> None:
    found = read(
        "Acme completed its acquisition of Widgets on Tuesday, a day after the European Commission approved it.", "en"
    )
    assert one(found, "deal_closed").occurred == "2026-02-17"
    approval = one(found, "approval_updated")
    assert approval.occurred == "2026-02-17"  # no date of its own, told after a dated step: it shares that date
    assert (approval.extra["authority"], approval.extra["status"]) == ("European Commission", "cleared")


def test_two_steps_in_one_sentence_french_each_with_its_figure() -> None:
    found = read(
        "Acme a renoncé mardi au rachat de Widgets, pour lequel il avait accepté de payer 2 milliards d'euros "
        "en mars 2024.",
        "fr",
    )
    terminated, agreed = one(found, "deal_terminated"), one(found, "agreement_signed")
    assert (terminated.occurred, agreed.occurred) == ("2026-02-17", "2024-03")
    assert not terminated.terms
    assert [t.amount.value for t in agreed.terms if t.amount] == [Decimal("2E+9")]


def test_an_earlier_block_in_its_own_clause_keeps_its_month() -> None:
    found = read(
        "The CMA said the remedies Acme offered resolved the concerns that had led it to block the Widgets merger "
        "in June.",
        "en",
    )
    statuses = {c.extra["status"]: c.occurred for c in found if c.type == "approval_updated"}
    assert statuses == {"cleared": "2026-02-19", "blocked": "2025-06"}


def test_supporting_words_do_not_split_a_sentence() -> None:
    found = read("Acme agreed to buy Widgets for $2 billion, a deal valued at $2 billion.", "en")
    assert kinds(found) == [("agreement_signed", "2026-02-19")]


# --- regulators ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "authority"),
    [
        ("Britain's competition watchdog blocked Acme's takeover of Widgets on Wednesday.", "en", "UK CMA"),
        ("Le régulateur britannique a bloqué mercredi le rachat de Widgets par Acme.", "fr", "UK CMA"),
        ("The Federal Trade Commission blocked Acme's takeover of Widgets on Wednesday.", "en", "US FTC"),
    ],
)
def test_a_regulator_named_by_what_it_is(text: str, language: str, authority: str) -> None:
    approval = one(read(text, language), "approval_updated")
    assert (approval.extra["authority"], approval.extra["status"], approval.occurred) == (
        authority,
        "blocked",
        "2026-02-18",
    )


def test_abbreviations_count_in_capitals_only_names_in_any_case() -> None:
    assert authorities_in("the cma and the ftc") == []
    assert [a[1] for a in authorities_in("the competition and markets authority")] == ["UK CMA"]
    assert [a[1] for a in authorities_in("le ministère de la Justice")] == ["US Department of Justice"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The Bundeskartellamt opened an in-depth review of Acme's bid for Widgets in May. "
            "The watchdog cleared Acme's purchase of Widgets on Monday.",
            "en",
        ),
        (
            "Le Bundeskartellamt a ouvert une enquête approfondie sur le rachat de Widgets par Acme en mai. "
            "Le gendarme a autorisé lundi le rachat de Widgets par Acme.",
            "fr",
        ),
    ],
)
def test_the_watchdog_is_the_regulator_last_named(text: str, language: str) -> None:
    steps = {c.extra["status"]: (c.extra["authority"], c.occurred) for c in read(text, language)}
    assert steps == {"in_depth": ("Bundeskartellamt", "2025-05"), "cleared": ("Bundeskartellamt", "2026-02-16")}


def test_the_watchdog_with_no_regulator_named_is_no_approval() -> None:
    assert not [c for c in read("The watchdog cleared Acme's purchase of Widgets on Monday.", "en")]


def test_an_approval_told_again_joins_the_first_telling() -> None:
    text = (
        "The CMA blocked Acme's purchase of Widgets in April. Acme appealed. Widgets staff were told on Monday. "
        "Acme said nothing more. The CMA's decision to prohibit the Widgets takeover surprised Acme."
    )
    approvals = [c for c in read(text, "en") if c.type == "approval_updated"]
    assert [(c.occurred, len(c.quotes)) for c in approvals] == [("2025-04", 2)]


@pytest.mark.parametrize(
    ("text", "language", "status", "occurred"),
    [
        ("The CMA said in November that Acme's remedies substantially addressed its concerns about Widgets.", "en",
         "in_review", "2025-11"),
        ("The European Commission opened a formal investigation into Acme's bid for Widgets in October.", "en",
         "in_review", "2025-10"),
        ("The CMA's provisional findings on Acme's bid for Widgets, published in November, point to harm.", "en",
         "objections", "2025-11"),
        ("Dans ses conclusions provisoires publiées en novembre, la CMA juge que le rachat de Widgets par Acme nuirait "
         "à la concurrence.", "fr", "objections", "2025-11"),
        ("Selon Reuters, Bruxelles serait sur le point d'approuver le rachat de Widgets par Acme.", "fr",
         "in_depth", "2026-02-19"),
    ],
)  # fmt: skip
def test_steps_short_of_a_decision(text: str, language: str, status: str, occurred: str) -> None:
    approval = one(read(text, language), "approval_updated")
    assert (approval.extra["status"], approval.occurred) == (status, occurred)


# --- agreements, terminations, contests ------------------------------------------------------------------


def test_an_agreement_told_in_the_past_with_its_date_between() -> None:
    agreed = one(read("Acme agreed in March 2024 to pay $12 a share for Widgets.", "en"), "agreement_signed")
    assert agreed.occurred == "2024-03"
    assert [(t.name, t.amount.value, getattr(t.amount, "per", None)) for t in agreed.terms if t.amount] == [
        ("price_per_share", Decimal("12"), "share")
    ]


def test_a_date_is_never_read_as_an_amount() -> None:
    agreed = one(read("Acme agreed on March 3 to buy Widgets.", "en"), "agreement_signed")
    assert (agreed.occurred, agreed.terms) == ("2025-03-03", ())


def test_agreeing_with_an_opinion_is_no_agreement() -> None:
    assert not [c for c in read("Acme agreed that Widgets needed more time.", "en") if c.type == "agreement_signed"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Widgets has denied breaching the merger agreement with Acme.", "en"),
        ("In its filing, Widgets called Acme's termination of the deal invalid and wrongful.", "en"),
        ("Widgets conteste la résiliation de l'accord annoncée par Acme.", "fr"),
        ("Widgets nie avoir violé l'accord de fusion conclu avec Acme.", "fr"),
    ],
)
def test_a_contested_termination(text: str, language: str) -> None:
    contested = one(read(text, language), "status_contested")
    assert contested.party == "Widgets SA"


def test_denying_a_report_is_no_contest() -> None:
    found = read("Widgets denied the report that Acme had walked away.", "en")
    assert "status_contested" not in {c.type for c in found}


def test_the_progressive_tells_a_termination() -> None:
    found = read("The lawsuit comes three days after Acme said it was abandoning its purchase of Widgets.", "en")
    assert one(found, "deal_terminated").occurred == "2026-02-16"


def test_french_proceedings_are_litigation_not_a_commitment() -> None:
    found = read("La FTC a engagé en décembre une procédure contre le rachat de Widgets par Acme.", "fr")
    assert kinds(found) == [("litigation_updated", "2025-12")]
    committed = read("Acme a déjà engagé 2 milliards d'euros dans Widgets.", "fr")
    assert [c.type for c in committed] == ["agreement_signed"]


def test_an_injunction_refused() -> None:
    text = (
        "A federal judge denied the FTC's request for a preliminary injunction against Acme's bid for Widgets in July."
    )
    litigation = one(read(text, "en"), "litigation_updated")
    assert (litigation.extra["status"], litigation.occurred) == ("injunction_denied", "2025-07")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Investors see a real risk that Acme's takeover of Widgets collapses.", "en"),
        ("Les marchés redoutent le risque que le rachat de Widgets par Acme soit abandonné.", "fr"),
    ],
)
def test_a_risk_is_no_development(text: str, language: str) -> None:
    assert not [c for c in read(text, language) if c.type == "deal_terminated"]


def test_a_new_proposal_is_a_restructuring_a_restructured_deal_is_not() -> None:
    assert kinds(read("In August, Acme came back with a new proposal for Widgets.", "en")) == [
        ("deal_restructured", "2025-08")
    ]
    found = read("The European Commission approved the restructured deal between Acme and Widgets on Monday.", "en")
    assert [c.type for c in found] == ["approval_updated"]


# --- who speaks ----------------------------------------------------------------------------------------------


def test_a_denied_intention_is_a_statement_of_the_party() -> None:
    for text, language in (
        ("Acme has repeatedly denied that it intends to close the Widgets plants.", "en"),
        ("Acme a toujours nié vouloir fermer les usines de Widgets.", "fr"),
    ):
        statement = one(read(text, language), "statement_made")
        assert statement.party == "Acme Corp."
        assert "report_denied" not in {c.type for c in read(text, language)}


def test_a_person_party_is_named_by_the_last_name_once_the_article_shows_a_person() -> None:
    text = 'Gizmo sued Jane Doe on Monday. Ms. Doe posted "see you in court" shortly after.'
    statement = one(read(text, "en"), "statement_made")
    assert (statement.party, statement.occurred) == ("Jane Doe", "2026-02-19")
    plain = with_person_aliases([DOE, ACME], "Gizmo sued Jane Doe. The Doe ranch and Acme Corp. said nothing.", "en")
    assert [d.aliases for d in plain] == [(), ()]  # no honorific, no 'Doe said': Doe alone is not the party
    shown = with_person_aliases([DOE, ACME], "M. Doe a déclaré qu'il ferait appel. Corp. a réagi.", "fr")
    assert [d.aliases for d in shown] == [("Doe",), ()]  # a company's name is never a person's


def test_a_person_then_the_party_title_in_the_possessive() -> None:
    statement = one(read("Anna Berg, Acme's chief executive, said on Friday that the Widgets offer was final.", "en"),
                    "statement_made")  # fmt: skip
    assert (statement.party, statement.occurred) == ("Acme Corp.", "2026-02-13")


def test_a_company_quoted_by_what_it_is() -> None:
    text = "Acme a contesté la décision du régulateur. « Nous ferons appel », a prévenu le groupe, jeudi soir."
    assert one(read(text, "fr"), "statement_made").party == "Acme Corp."
    two = "Acme et Widgets ont contesté la décision. « Nous ferons appel », a prévenu le groupe."
    assert "statement_made" not in {c.type for c in read(two, "fr")}


# --- dates from context, forward dates ----------------------------------------------------------------------


def test_the_same_day_is_the_date_last_written() -> None:
    text = (
        "In June, Acme came back with a revised proposal for Widgets. "
        "The European Commission opened a formal investigation into the Acme bid the same day."
    )
    found = read(text, "en")
    assert one(found, "approval_updated").occurred == "2025-06"


def test_a_l_epoque_dates_a_statement_then_and_does_not_absorb_one_told_now() -> None:
    text = (
        "En septembre, Acme a annoncé son intention d'investir dans Widgets. "
        "Le PDG d'Acme, Paul Martin, a qualifié à l'époque le projet de décisif. "
        "Paul Martin a souligné jeudi que rien n'était signé."
    )
    statements = sorted(c.occurred for c in read(text, "fr") if c.type == "statement_made")
    assert statements == ["2025-09", "2026-02-19"]


def test_in_may_is_a_month_not_a_modal() -> None:
    assert kinds(read("In May, Acme put its purchase of Widgets on hold.", "en")) == [("deal_suspended", "2025-05")]


def test_a_future_verb_reads_forward_only_the_dates_it_governs() -> None:
    ahead = one(read("Acme will complete its acquisition of Widgets in January.", "en"), "deal_closed")
    assert (ahead.occurred, "future_date" in ahead.flags) == ("2027-01", True)
    found = read(
        "L'Autorité de la concurrence avait ouvert fin novembre une enquête approfondie sur le rachat de Widgets "
        "par Acme, qui pourrait durer des mois.",
        "fr",
    )
    assert one(found, "approval_updated").occurred == "2025-11"


# --- rounds -------------------------------------------------------------------------------------------------------


def test_this_round_is_the_round_just_told() -> None:
    text = (
        "Orbit cherche à lever 2 milliards d'euros, selon des sources. "
        "Zeta Capital et Nova pourraient également participer à ce cycle."
    )
    participants = {(c.deal, c.party) for c in read(text, "fr") if c.type == "participant_in_talks"}
    assert participants == {("orbit-round", "Zeta Capital"), ("orbit-round", "Nova")}


def test_the_imperfect_of_giving_up_is_a_termination_beside_the_earlier_agreement() -> None:
    text = "Acme a annoncé lundi qu'il renonçait à racheter Widgets, pour lequel il avait accepté de payer 3 milliards."
    found = read(text, "fr")
    assert one(found, "deal_terminated").occurred == "2026-02-16"
    agreed = one(found, "agreement_signed")  # told in the pluperfect, with no date: never Monday's
    assert (agreed.occurred, "date_from_publication" in agreed.flags) == ("2026-02-19", True)
    assert not read("Acme renonçait rarement à ses projets.", "fr")
