"""`tracker view`: the timeline beside the fact box, moved through with the keyboard.

Every label is a rich ``Text`` built by the renderers, never a markup
string, so a title like ``[@click=app.quit]x`` stays words here too.
The deal is projected again for each selected development: in world time
as of the moment it had surely happened, in knowledge time as known on the
day it was reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tracker.app.queries import DealHistory
from tracker.domain.news import StoredCandidate
from tracker.domain.state import DealState, Entry
from tracker.render.factbox import fact_box
from tracker.render.news import candidate_card, candidate_line
from tracker.render.theme import ATTRIBUTION_MARKS, THEME, axes_line, badge, day, headline_amount, safe, when

WORLD, KNOWLEDGE = "world", "knowledge"


def entry_label(entry: Entry) -> Text:
    symbol, label, _ = badge(entry.event)
    text = Text.assemble((f"{when(entry.event):<12}", "tracker.date"), f" {symbol} {label}")
    amount = headline_amount(entry.event)
    if amount:
        text.append(f" · {amount}")
    text.append("\n")
    struck = entry.superseded_by is not None or entry.retracted_by is not None
    text.append_text(safe(entry.event.summary, "strike" if struck else ""))
    return text


def event_details(entry: Entry) -> RenderableType:
    """Everything about one development: its summary, its sources with quotes, what became of it."""
    event = entry.event
    symbol, label, _ = badge(event)
    parts: list[RenderableType] = [
        Text.assemble((when(event), "bold"), f"  {symbol} {label}  ", (headline_amount(event) or "", "bold")),
        safe(event.summary),
        Text(f"{ATTRIBUTION_MARKS[event.attribution]} · reported {day(event.reported_at)} · id {event.event_id}"),
    ]
    for source in event.sources:
        line = Text.assemble("\n", safe(source.publisher, "bold"), f" ({day(source.published_at)}, {source.language})")
        for piece in (source.title, source.url):
            if piece:
                line.append("\n")
                line.append_text(safe(piece))
        if source.cites:
            line.append_text(safe("\nciting " + ", ".join(c.outlet for c in source.cites)))
        if source.quote:
            line.append_text(safe(f"\n« {source.quote} »", "italic"))
        parts.append(line)
    for words, other in (
        ("superseded by", entry.superseded_by),
        ("retracted by", entry.retracted_by),
        ("amended by", entry.amended_by),
    ):
        if other is not None:
            parts.append(Text.assemble(f"\n{words} {other.event_id} ({when(other)}): ", safe(other.summary)))
    return Group(*parts)


class TimelineList(OptionList):
    """A timeline has a first and a last development: the cursor stops there instead of wrapping."""

    def action_cursor_up(self) -> None:
        if self.highlighted != 0:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted != self.option_count - 1:
            super().action_cursor_down()


class EventScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,enter", "dismiss", "Back")]

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="event"):
            yield Static(event_details(self.entry), id="details")


class CandidatesScreen(ModalScreen[None]):
    """The deal's candidates from the news, in full: decided with `tracker review`, never here."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,enter,c", "dismiss", "Back")]

    def __init__(self, pending: Sequence[StoredCandidate]) -> None:
        super().__init__()
        self.pending = pending

    def compose(self) -> ComposeResult:
        cards: list[RenderableType] = [Text("Review them with `tracker review --deal DEAL`.\n", style="bold")]
        for stored in self.pending:
            cards.extend((candidate_card(stored), Text()))
        with VerticalScroll(id="event"):
            yield Static(Group(*cards), id="candidates")


def pending_note(pending: Sequence[StoredCandidate]) -> RenderableType:
    """Below the fact box: what the news proposes for this deal and waits for a person (c shows it all)."""
    if not pending:
        return Text()
    title = Text(f"\n{len(pending)} candidate(s) from the news await review (c shows them)", style="tracker.maybe")
    return Group(title, *(candidate_line(stored) for stored in pending[:5]))


class DealViewer(App[None]):
    CSS = """
    #timeline { width: 1fr; }
    #side { width: 1fr; }
    #search { dock: bottom; display: none; }
    #search.visible { display: block; }
    #event { background: $panel; border: round $accent; margin: 2 4; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("t", "switch_axis", "World/knowledge time"),
        Binding("slash", "search", "Search"),
        Binding("n", "next_match", "Next match"),
        Binding("c", "candidates", "Candidates"),
    ]

    def __init__(self, history: DealHistory, state: DealState, pending: Sequence[StoredCandidate] = ()) -> None:
        super().__init__()
        self.pending = pending
        self.console.push_theme(THEME)
        self.history = history
        self.state = state
        self.entries = state.timeline
        self.axis = WORLD
        self.query_text = ""
        self.shown = state

    def compose(self) -> ComposeResult:
        yield Static(id="heading")
        with Horizontal():
            yield TimelineList(*(Option(entry_label(e)) for e in self.entries), id="timeline")
            with VerticalScroll(id="side"):
                yield Static(id="facts")
                yield Static(pending_note(self.pending), id="pending")
        yield Input(placeholder="search the timeline, Enter to jump", id="search")
        yield Footer()

    def on_mount(self) -> None:
        timeline = self.query_one("#timeline", OptionList)
        timeline.focus()
        if self.entries:
            timeline.highlighted = len(self.entries) - 1
        self.refresh_facts()

    @property
    def selected(self) -> Entry | None:
        index = self.query_one("#timeline", OptionList).highlighted
        return self.entries[index] if index is not None and self.entries else None

    def state_at_selection(self) -> DealState:
        entry = self.selected
        if entry is None:
            return self.state
        cut = self.state.summary
        if self.axis == WORLD:
            return self.history.once_settled(entry, cut.known_at)
        return self.history.when_reported(entry, cut.as_of)

    def refresh_facts(self) -> None:
        self.shown = shown = self.state_at_selection()
        summary = self.state.summary
        heading = Text.assemble(safe(summary.name, "bold"), f" ({summary.deal}) · ", axes_line(summary))
        axis = (
            "world time: state as of the selected development"
            if self.axis == WORLD
            else "knowledge time: state as known when the selected development was reported"
        )
        heading.append(f"\n{axis} (t switches)")
        self.query_one("#heading", Static).update(heading)
        self.query_one("#facts", Static).update(fact_box(shown))

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self.refresh_facts()

    def on_option_list_option_selected(self, _: OptionList.OptionSelected) -> None:
        if self.selected is not None:
            self.push_screen(EventScreen(self.selected))

    def action_move(self, step: int) -> None:
        timeline = self.query_one("#timeline", OptionList)
        timeline.action_cursor_down() if step > 0 else timeline.action_cursor_up()

    def action_switch_axis(self) -> None:
        self.axis = KNOWLEDGE if self.axis == WORLD else WORLD
        self.refresh_facts()

    def action_candidates(self) -> None:
        if self.pending:
            self.push_screen(CandidatesScreen(self.pending))
        else:
            self.notify("no candidate from the news awaits review for this deal", markup=False)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("visible")
        search.focus()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        self.query_text = message.value.strip()
        message.input.remove_class("visible")
        self.query_one("#timeline", OptionList).focus()
        self.action_next_match(from_start=True)

    def action_next_match(self, from_start: bool = False) -> None:
        if not self.query_text:
            return
        timeline = self.query_one("#timeline", OptionList)
        start = -1 if from_start or timeline.highlighted is None else timeline.highlighted
        order = list(range(start + 1, len(self.entries))) + list(range(0, start + 1))
        match = next((i for i in order if self.history.mentions(self.entries[i], self.query_text)), None)
        if match is None:
            self.notify(f"no development mentions {self.query_text!r}", severity="warning", markup=False)
            return
        timeline.highlighted = match
