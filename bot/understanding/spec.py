"""A question as plain data: what the reader needs to know, nothing of the dialog machinery.

The engine (or a test) builds one `QuestionSpec` per question when a dialog loads; `QuestionReader`
precomputes everything it needs from it once."""

from __future__ import annotations

from dataclasses import dataclass

CHOICES = "choix"  # a question with options
PLACE = "lieu"  # a typed place (handed over to the place resolver)


@dataclass(frozen=True, slots=True)
class ChoiceSpec:
    id: str
    labels: tuple[str, ...]  # the button label, in every language
    synonyms: tuple[str, ...] = ()
    numbers: tuple[int, int] | None = None  # YAML `nombres: [lo, hi]`: an age in this range selects it
    # YAML `durees: [lo, hi]`: a time since (in months, lo included, hi excluded) selects it
    durations: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    id: str
    choices: tuple[ChoiceSpec, ...] = ()
    kind: str = CHOICES
    # YAML `niveaux: oui`: choices are levels, lowest first; a level named with a failure
    # (« raté », « en cours », « je prépare ») is not obtained, and means one of the levels below it
    levels: bool = False
    # the option a bare « oui » / « non » means; None = derived from labels starting with Oui / Non
    yes: str | None = None
    no: str | None = None

    def choice(self, choice_id: str) -> ChoiceSpec | None:
        return next((c for c in self.choices if c.id == choice_id), None)
