"""French trigger words: which words tell which development, and why.

Each row is (rule name, pattern, report type, weight, why, options). Patterns are
matched case-insensitively on the sentence with its apostrophes made straight.
Options: ``amount`` (fires only with an amount in the sentence), ``party`` (a
type about one party: the subject party is taken), ``fields`` (report fields
the rule sets). Weights are how strongly the words alone tell the type; the
extractor adds or removes a little for what it knows of the sentence.
"""

from __future__ import annotations

from typing import Any

Row = tuple[str, str, str, float, str, dict[str, Any]]

_NO: dict[str, Any] = {}

TYPE_ROWS: tuple[Row, ...] = (
    # --- rumours and talks -----------------------------------------------------------------------------------
    (
        "fr.rumor.envisage",
        r"\benvisager?ai(?:en)?t\b|\bserai(?:en)?t intéressée?s?\b|\brumeurs?\b|\bpourrai(?:en)?t racheter\b",
        "deal_rumored",
        0.55,
        "the conditional of wanting ('envisagerait', 'pourrait racheter') or a rumour: not yet talks",
        _NO,
    ),
    (
        "fr.talks.negocier",
        r"\bnégoci(?:e|ent|er|ait|aient|ation|ations)\b|\bpourparlers\b|\ben discussions?\b|\bdiscussions? avancées\b",
        "talks_reported",
        0.6,
        "negotiations or talks are said to be going on",
        _NO,
    ),
    (
        "fr.talks.sur_le_point",
        r"\best sur le point d[e'] ?(?:conclure|finaliser|achever|signer|boucler)\b",
        "talks_reported",
        0.62,
        "'sur le point de conclure': near a deal, so not signed yet ('se finalise' alone is a teaser's vague word)",
        _NO,
    ),
    (
        "fr.terms_proposed.discussions_portent",
        r"\b(?:discussions?|négociations?|pourparlers)\b[^.;:]{0,40}?\b(?:se concentrent|portent|porteraient|"
        r"se concentreraient) sur\b",
        "terms_proposed",
        0.72,
        "the talks are said to be about a given shape or figure: terms under discussion, not agreed",
        _NO,
    ),
    # --- letters, agreements, closings ------------------------------------------------------------------------
    (
        "fr.loi.signee",
        r"\b(?:signé|signe|signent|conclu)\w* (?:une|la) lettre d'intention\b|\bprotocole d'accord\b",
        "letter_of_intent_signed",
        0.8,
        "a letter of intent or memorandum signed",
        _NO,
    ),
    (
        "fr.loi.intention",
        r"\b(?:a|ont|avait|avaient) annoncé (?:son|leur) intention d[e']",
        "letter_of_intent_signed",
        0.62,
        "a party announced its intention to invest or buy: a declared intent, the shape of a letter of intent",
        _NO,
    ),
    (
        "fr.loi.lettre",
        r"\blettre d'intention\b|\baccord de principe\b",
        "letter_of_intent_signed",
        0.5,
        "a letter of intent is mentioned (weak: it may be an earlier one)",
        _NO,
    ),
    (
        "fr.signed.accord",
        r"\b(?:a|ont|avait|avaient) (?:signé|conclu|trouvé) un accord\b|\baccord définitif\b|"
        r"\b(?:sont|est) parvenue?s? à un accord\b|"
        r"\b(?:a|ont) (?:déjà )?engagé\b(?![^.;]{0,25}\b(?:une procédure|une action|des poursuites))|"
        r"\b(?:a|ont|avait|avaient) accepté de (?:racheter|payer|débourser|verser|acquérir|investir)\b|"
        r"\bs'est engagée? à (?:investir|racheter)\b",
        "agreement_signed",
        0.72,
        "an agreement signed or a commitment made (indicative mood: 'ont conclu', 'avait accepté de débourser', "
        "not 'soient parvenues')",
        _NO,
    ),
    (
        "fr.signed.rachete",
        r"\b(?:rachète|rachètent|acquiert|va racheter|vont racheter|a accepté de racheter|a acquis|a racheté)\b",
        "agreement_signed",
        0.66,
        "a buyer buys (present or near future, as French news tells an announced acquisition)",
        _NO,
    ),
    (
        "fr.closed.finalise",
        r"\b(?:a|ont) (?:finalisé|bouclé|clôturé|achevé|finalisée)\b|\b(?:a|ont) été (?:finalisée?|bouclée?|"
        r"clôturée?)s?\b|\best désormais (?:effective?|finalisée?)\b|\bfinalisation (?:du|de l')|"
        r"\b(?:être|avoir) (?:finalisée?|bouclée?|clôturée?)\b",
        "deal_closed",
        0.75,
        "finished: 'a finalisé', 'a bouclé', 'a été finalisé' (not 'finalement', not 'se finalise')",
        _NO,
    ),
    (
        "fr.suspended.suspens",
        r"\bsuspendue?s?\b|\bmise? en pause\b|\ben suspens\b|\bau point mort\b|\bgelée?s?\b|\ben stand-by\b",
        "deal_suspended",
        0.76,
        "on hold: 'suspendu', 'mis en pause', 'en suspens', 'au point mort', 'gelé'",
        _NO,
    ),
    (
        "fr.resumed.reprise",
        r"\breprise des (?:négociations|discussions)\b|\b(?:ont|a) repris (?:les|leurs|ses) (?:négociations|"
        r"discussions)\b",
        "talks_resumed",
        0.75,
        "talks taken up again",
        _NO,
    ),
    (
        "fr.terminated.abandon",
        r"\babandonn(?:e|é|ée|ent|er)\b|\b(?:a|ont) renoncé\b|\brenon(?:ce|cent|çait|çaient) à\b|"
        r"\b(?:a|ont) rompu\b|\bmis fin\b|\bmet fin\b|\brésili(?:é|ée|ation)\b|\bannulée?\b",
        "deal_terminated",
        0.76,
        "ended: 'abandonné', 'a renoncé', 'rompu', 'mis fin', 'résilié', 'annulé'",
        _NO,
    ),
    (
        "fr.restructured.remplace",
        r"\b(?:cela|ceci|il|elle|cet? \w+) rempla(?:ce|cerait)\b|\brestructur(?:é|ée|ation)\b|\brenégoci\w+\b|"
        r"\brevue? à la baisse\b",
        "deal_restructured",
        0.74,
        "a new shape replaces the earlier one: 'cela remplace', 'restructuré', 'renégocié', 'revu à la baisse'",
        {"stage_from": "previous"},
    ),
    # --- bids --------------------------------------------------------------------------------------------------
    (
        "fr.bid.offre",
        r"\b(?:a|ont) (?:fait|déposé|lancé|présenté) une offre\b|\boffre publique d'(?:achat|échange)\b|\bOPA\b|"
        r"\boffre (?:de rachat|hostile|non sollicitée)\b|\b(?:a|ont) proposé de racheter\b",
        "bid_made",
        0.72,
        "an offer made: 'a déposé une offre', 'OPA', 'offre de rachat'",
        {"bidder": True},
    ),
    (
        "fr.bid.relevee",
        r"\b(?:relevé|rehaussé|amélioré|relève|rehausse) (?:son|leur|l') offre\b|\bsurenchère\b",
        "bid_raised",
        0.8,
        "an offer raised",
        {"bidder": True},
    ),
    (
        "fr.bid.rejetee",
        r"\b(?:a|ont) (?:rejeté|refusé|repoussé) (?:l'|cette |son |leur |une )?offre\b",
        "bid_rejected",
        0.8,
        "an offer rejected",
        {"party": True},
    ),
    (
        "fr.bid.retiree",
        r"\b(?:a|ont) retiré (?:son|leur|l') offre\b",
        "bid_withdrawn",
        0.8,
        "an offer withdrawn",
        {"bidder": True},
    ),
    # --- regulators and courts ------------------------------------------------------------------------------
    (
        "fr.approval.bloque",
        r"\b(?:a|ont) (?:bloqué|interdit)\b|\bs'oppose à\b|\bbloque (?:le|la|l')\b",
        "approval_updated",
        0.78,
        "an authority blocks the deal (needs an authority named in the sentence)",
        {"authority": True, "status": "blocked"},
    ),
    (
        "fr.approval.autorise",
        r"\bfeu vert\b|\b(?:a|ont) (?:autorisé|approuvé|validé)\b|\bautorisée? (?:sous|par)\b|"
        r"\b(?:a|ont) (?:levé|dissipé) (?:les|ses|leurs) (?:préoccupations|inquiétudes|réserves)\b",
        "approval_updated",
        0.76,
        "an authority clears the deal (needs an authority)",
        {"authority": True, "status": "cleared"},
    ),
    (
        "fr.approval.enquete",
        r"\benquête approfondie\b|\bphase 2\b|\b(?:a|ont) ouvert une enquête\b|\bgriefs\b",
        "approval_updated",
        0.7,
        "an authority opens an in-depth review or states objections (needs an authority)",
        {"authority": True, "status": "in_depth"},
    ),
    (
        "fr.approval.sur_le_point",
        r"\b(?:est|serait|seraient) sur le point d'(?:approuver|autoriser|valider)\b|"
        r"\bs'apprêt(?:e|erait|ait) à (?:approuver|autoriser|valider)\b",
        "approval_updated",
        0.7,
        "an authority about to clear: the review is still on (needs an authority)",
        {"authority": True, "status": "in_depth"},
    ),
    (
        "fr.approval.conclusions_provisoires",
        r"\bconclusions provisoires\b|\bconstatations provisoires\b|"
        r"\bse prépar(?:e|ait|erait) (?:lui aussi |elle aussi )?à contester "
        r"(?:l'opération|le rachat|la fusion|l'acquisition)\b",
        "approval_updated",
        0.72,
        "an authority's objections short of a decision: provisional findings, a challenge in preparation",
        {"authority": True, "status": "objections"},
    ),
    (
        "fr.litigation.procedure",
        r"\b(?:a|ont|avait|avaient) (?:engagé|intenté|lancé) (?:[^,.;]{1,25}? )?une (?:procédure|action)\b|"
        r"\bdevant (?:son|le|un|leur) (?:propre )?(?:juge|tribunal)\b|\binjonction\b",
        "litigation_updated",
        0.78,
        "proceedings begun: 'a engagé une procédure devant son juge administratif', an injunction",
        {"status": "filed"},
    ),
    (
        "fr.contested.invalide",
        r"\b(?:résiliation|rupture|fin de l'accord|abandon)\b[^.;]{0,60}?\b(?:invalide|illégale?|abusive?|"
        r"nulle?|infondée?|sans fondement)\b|\bcontest(?:e|ent|é|ait)\w* (?:la|cette|sa) (?:résiliation|rupture)\b|"
        r"\b(?:a|ont)? ?nié avoir (?:violé|enfreint|manqué)\b|\bnie avoir (?:violé|enfreint|manqué)\b",
        "status_contested",
        0.86,
        "a party contests a termination: 'conteste la résiliation', 'nie avoir violé l'accord'",
        {"party": True},
    ),
    (
        "fr.statement.nie_intention",
        r"\b(?:a|ont) (?:toujours |à plusieurs reprises |plusieurs fois )?(?:nié|démenti|exclu) "
        r"(?:vouloir|avoir l'intention|toute intention)\b",
        "statement_made",
        0.87,
        "a party denies an intention of its own: a stance, not a denied report",
        {"party_speaks": True},
    ),
    (
        "fr.litigation.plainte",
        r"\bplainte\b|\b(?:a|ont) assigné\b|\bpoursuit en justice\b|\bpoursuivi en justice\b|\baction en justice\b",
        "litigation_updated",
        0.72,
        "a lawsuit filed: 'plainte', 'a assigné', 'poursuit en justice'",
        {"status": "filed"},
    ),
    # --- stances and statements -------------------------------------------------------------------------------
    (
        "fr.denied.dementi",
        r"\b(?:a|ont) (?:démenti|nié|formellement démenti)\b|\bdément(?:ent)?\b",
        "report_denied",
        0.85,
        "a party denies the report: 'a démenti', 'dément'",
        {"party": True},
    ),
    (
        "fr.not_confirmed.pas_confirme",
        r"\bn'(?:a|ont|avait|avaient) (?:pas |jamais )?(?:encore )?confirmée?s?\b|"
        r"\bn'(?:a|ont) pas (?:souhaité|voulu) (?:commenter|réagir)\b|"
        r"\b(?:s'est|se sont) refusée?s? à tout commentaire\b|\b(?:a|ont) refusé de commenter\b",
        "not_confirmed",
        0.8,
        "a party has not confirmed, or declined to comment",
        {"party": True},
    ),
    (
        "fr.statement.declare",
        r"\b(?:a|aurait|ont|auraient) (?:déclaré|affirmé|souligné|estimé|qualifié|expliqué|assuré|insisté|"
        r"prévenu|écrit|ajouté|averti|réagi|tweeté)\b",
        "statement_made",
        0.56,
        "a named person of a party speaks (needs the speaker: 'Jensen Huang aurait souligné')",
        {"speaker": True},
    ),
    # --- participants in a round ---------------------------------------------------------------------------
    (
        "fr.participant.pourraient",
        r"\bpourrai(?:en)?t (?:également |aussi )?participer\b|\bparticiperai(?:en)?t\b|"
        r"\ben discussions? pour (?:participer|rejoindre)\b",
        "participant_in_talks",
        0.74,
        "parties could join the round: in talks, not in",
        {"participants": True},
    ),
    (
        "fr.participant.ont_participe",
        r"\b(?:a|ont) (?:participé|rejoint le tour|pris part)\b|\bmené par\b|\bcodirigé par\b",
        "participant_joined",
        0.74,
        "parties took part in the round",
        {"participants": True},
    ),
    (
        "fr.round.en_cours",
        r"\b(?:cycle de financement|tour de table|levée de fonds) en cours\b|\bcherch(?:e|ait|erait) à lever\b|"
        r"\ben train de lever\b",
        "talks_reported",
        0.66,
        "a funding round is under way: the round's own talks",
        {"round": True},
    ),
    (
        "fr.round.fait_partie",
        r"\bfait partie d'(?:un|une|le|la) (?:cycle de financement|tour de table|levée de fonds)\b",
        "terms_reported",
        0.6,
        "an investment is part of a round: the round's terms, and its investor a participant",
        {"round": True, "antecedent_participant": True},
    ),
    # --- terms ---------------------------------------------------------------------------------------------------
    (
        "fr.terms.prevoyait",
        r"\bprévo(?:yait|yaient|it|ient)\b|\bavai(?:en)?t (?:initialement )?prévu\b",
        "terms_reported",
        0.64,
        "what a plan or agreement provides for: its terms (only with an amount in the sentence)",
        {"amount": True},
    ),
    (
        "fr.terms.valorise",
        r"\bvalori(?:se|sent|sant|serait|sation)\b",
        "terms_reported",
        0.66,
        "a valuation stated (only with an amount)",
        {"amount": True},
    ),
)

# Words of the development being only a risk or a question: "le risque que l'opération échoue".
HYPOTHETICAL = r"\brisque (?:que|de)\b|\brisquait de\b|\bsi\b|\bà moins que\b|\ben cas de\b|\bau cas où\b"
# A regulator named by what it is, once the article has named it: "le gendarme", "la Commission".
AUTHORITY_ANAPHORA = r"^(?:\w+ ){0,3}?(?:le|la|l') ?(?:gendarme|régulateur|commission|autorité|administration)\b"
# The time of a development told just before.
BACK_DATES = r"\b(?:le même jour|ce jour-là|à l'époque|à ce moment-là)\b"
# A round told just before: "ce cycle", "ce tour de table".
ROUND_ANAPHORA = r"\b(?:ce|à ce|cet|le) (?:cycle|tour de table)\b"
# "intervient quatre jours après": counted back from publication.
DAYS_AFTER = r"\b(?:intervient|survient|arrive)\s+(?P<n>\w+)\s+jours?\s+après\b|\bil y a (?P<n2>\w+) jours?\b"
NUMBER_WORDS = {
    "un": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
}
# Honorifics and speech verbs that show a party's name is a person's, so the last name alone names them.
PERSON_CUES = (r"\b(?:M\.|Mme|Monsieur|Madame)\s+{last}\b", r"\b{last}\s+a\s+(?:déclaré|affirmé|écrit|tweeté)\b")
# "l'offre de Musk" holds no possessive marker; French has none to strip.
POSSESSIVE = r"^(?!)"
# A quotation and a company speaking of itself: "« ... », a prévenu l'éditeur".
COMPANY_SUBJECT = r"\b(?:l'éditeur|le groupe|la société|l'entreprise|le conseil d'administration|la firme)\b"

# A subject that points back to a deal told just before: the sentence speaks of it without naming the parties.
ANAPHORA = (
    r"^(?:\w+, )?(?:cela|ceci|le projet|ce projet|l'accord|cet accord|la transaction|cette transaction|"
    r"l'opération|cette opération|cet investissement|l'investissement|"
    r"les deux (?:entreprises|sociétés|parties)|ce cycle)\b"
)

# Words of a funding round: they make a round the deal a sentence speaks of.
ROUND_WORDS = r"\bcycle de financement\b|\btour de table\b|\blevée de fonds\b|\bce cycle\b|\bà ce cycle\b"

# Future and conditional verbs: the date they carry is a guess.
FUTURE = (
    r"\b(?:devrai(?:en)?t|pourrai(?:en)?t|sera|seront|va|vont|devront|devra|prévoit de|prévoient de|"
    r"envisage de|compte)\b"
)

# The journalistic conditional: told, not confirmed.
CONDITIONAL = r"\b(?:aurai(?:en)?t|serai(?:en)?t|devrai(?:en)?t|pourrai(?:en)?t|selon lequel \w+ \w+rait)\b"

# Lines that are page furniture, never news.
BOILERPLATE = (
    r"\btop \d+\b|^à lire aussi\b|^lire aussi\b|\bnewsletter\b|\bcookies?\b|^source\(s\)|^publicité\b|"
    r"^abonnez-vous\b|^partager\b|^inscrivez-vous\b|^voir aussi\b|^sur le même sujet\b|^»|^•|^\|"
)

PARTY_STATEMENT = r"\b(?:a|ont) (?:annoncé|confirmé|officialisé|communiqué)\b|\bdans un communiqué\b|\bannonce\b"
ANONYMOUS = (
    r"\bsources?\b|\binitiés\b|\bproches? du dossier\b|\bdes responsables\b|\bselon nos informations\b|"
    r"\bpersonnes? au fait\b"
)
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ORDINALS = {"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "2e": 2, "troisième": 3, "3e": 3, "quatrième": 4}

# What an amount is, from the words just before it: (term name, pattern ending right before the amount).
AMOUNT_CUES: tuple[tuple[str, str], ...] = (
    ("valuation_pre", r"valorisation pré-?money (?:de |d')?$|avant (?:l'opération|l'investissement),? (?:à |de )?$"),
    ("valuation_post", r"valorisation post-?money (?:de |d')?$"),
    ("valuation", r"valoris\w*\b.{0,40}?\bà $|valorisation (?:de |d')?$|valorisée? à $"),
    ("price_per_share", r"par action (?:de |à )?$|prix (?:de |par )?l'action (?:de |à )?$"),
    ("fee", r"(?:indemnité|frais) de (?:rupture|résiliation) (?:de |d')?$"),
    (
        "round_size",
        r"(?:cycle de financement|tour de table|levée de fonds) (?:de |d')?$|lever $|"
        r"\brecherche $|cherche à lever $",
    ),
    (
        "investment",
        r"investi\w*\b.{0,12}$|investissements? (?:de |d')?$|engag\w+ $|participation\b.{0,30}"
        r"(?:à hauteur )?(?:de |d')?$|engagement (?:de |d')?$|apport (?:de |d')?$",
    ),
    (
        "price",
        r"(?:pour|contre) (?:un montant de |une somme de |environ )?$|montant (?:de |d')?$|"
        r"prix (?:de |d')?$",
    ),
    ("commitments", r"dettes? (?:totalisant |de |d')?$|engagements? (?:financiers )?(?:totalisant |de |d')?$"),
)
# Phrases before a figure that qualify it where the parser has no word for it: (pattern, qualifier).
EXTRA_QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"pourrai(?:en)?t (?:s'élever|atteindre|grimper) (?:à |jusqu'à )?$", "up_to"),
    (r"pourrait représenter $", "up_to"),
)
# Percent figures said of a market move are context, never the deal's.
MARKET_MOVE = r"\b(?:chuté|chute|baiss\w*|recul\w*|progress\w*|grimpé|hausse|bondi|gagné|perdu|cède|cédé|envol\w*)\b"
STAKE_WORDS = r"\b(?:participation|part|capital|parts)\b"
RELATIVE_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "ce jour": 0}
LAST_WEEK = r"\bla semaine (?:dernière|passée)\b"
LAST_MONTH = r"\ble mois (?:dernier|passé)\b"
THIS_MONTH = r"\bce mois-ci\b"
LAST_YEAR = r"\bl'(?:an|année) (?:dernier|dernière|passé|passée)\b"
THIS_YEAR = r"\bcette année\b"
