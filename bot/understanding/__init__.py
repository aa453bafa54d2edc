"""Reading what young people type: text -> `Answer`, without the conversation machinery.

reader = QuestionReader(spec)              # once per question, when the dialog loads
answer = reader.read("bientôt 18", today)  # Answer(outcome="take", how="number", choice="16_17", …)
read_confirmation("non j'habite à Tourcoing")
# -> Answer(outcome="take", how="yesno", choice="no", rest="j'habite à Tourcoing")
"""

from bot.understanding.answer import ASIDE, CONFIRM, FREE, TAKE, UNKNOWN, Answer
from bot.understanding.reader import QuestionReader, read_confirmation
from bot.understanding.screens import RESULT_SCREEN
from bot.understanding.spec import CHOICES, PLACE, ChoiceSpec, QuestionSpec

__all__ = [
    "ASIDE",
    "CHOICES",
    "CONFIRM",
    "FREE",
    "PLACE",
    "RESULT_SCREEN",
    "TAKE",
    "UNKNOWN",
    "Answer",
    "ChoiceSpec",
    "QuestionReader",
    "QuestionSpec",
    "read_confirmation",
]
