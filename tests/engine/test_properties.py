"""Whatever anyone types or presses, at any step, the engine answers and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import events as ev
from bot.engine.core import Engine
from bot.engine.replies import Message
from bot.engine.state import State

TEXTS = st.text(max_size=300) | st.sampled_from(
    ["", " ", "/retour", "oui", "non", "19", "999999999999", "🙂", "\x00"]
)


def _events(engine: Engine) -> st.SearchStrategy[ev.Event]:
    nodes = list(engine.dialog.nodes)
    return st.one_of(
        TEXTS.map(ev.Text),
        st.builds(ev.Choose, st.sampled_from(nodes), st.text(max_size=10)),
        st.builds(ev.Pick, st.sampled_from(nodes), st.integers(-2, 8)),
        st.builds(ev.Location, st.floats(-90, 90), st.floats(-180, 180)),
        st.sampled_from(
            [
                *(ev.Back(), ev.Restart(), ev.Modify(), ev.Help(), ev.More(), ev.Resume(), ev.Feedback(True)),
                *(ev.Results(), ev.Share(), ev.Details("mission_locale"), ev.Details("e2c"), ev.Summary(0)),
            ]
        ),
        st.builds(ev.Details, st.text(max_size=20)),
        st.builds(ev.Summary, st.integers(-3, 12)),
        st.builds(ev.Modify, st.sampled_from(nodes)),
        st.builds(ev.Start, TEXTS),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_sequence_of_events_gets_a_reply_and_a_valid_state(engine: Engine, data: st.DataObject) -> None:
    state: State | None = None
    for _ in range(data.draw(st.integers(1, 12))):
        event = data.draw(_events(engine))
        result = engine.step(state, event)
        assert result.replies or result.toast, f"no reply to {event!r}"
        assert all(not isinstance(r, Message) or r.text.strip() for r in result.replies)
        state = State.from_dict(result.state.to_dict())
        assert state.node is None or state.node in engine.dialog.nodes


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    node=st.sampled_from(["age", "scolarite", "diplome", "projet", "lieu", "resultat", "moins_16"]),
    text=TEXTS,
)
def test_any_text_at_any_node_yields_a_reply(engine: Engine, node: str, text: str) -> None:
    state = State(dialog=engine.dialog.id, version=engine.version, node=node)
    result = engine.step(state, ev.Text(text))
    assert result.replies
