"""What a use case refuses, said so an edge can turn it into one line and the right exit code."""

from __future__ import annotations


class Refused(Exception):
    """The request cannot be done as asked (an unknown deal, a retracted target): exit 1 in the CLI."""


class UnknownDeal(Refused):
    def __init__(self, deal: str, known: list[str], where: str) -> None:
        listed = ", ".join(known) or "none yet: run `tracker ingest seeds/`"
        super().__init__(f"no deal {deal!r} in {where}; known deals: {listed}")
        self.deal = deal


class InvalidOption(Refused):
    """One input value is wrong: ``option`` names it as the use case's parameter ("as_of", "types")."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
        self.message = message
