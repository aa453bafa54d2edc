"""The engine's own words (French, tutoiement, short). Dialog texts live in the YAML files."""

from __future__ import annotations

YES = "✅ Oui"
NO = "❌ Non"
BACK = "↩️ Retour"
RESTART = "🔄 Recommencer"
MODIFY = "✏️ Modifier une réponse"
MORE = "🔎 Voir d'autres pistes"
USEFUL = "👍 Ça m'aide"
NOT_USEFUL = "👎 Pas vraiment"
SKIP = "⏭️ Passer cette question"
NONE_OF_THESE = "Aucun de ceux-là"
CONTINUE = "▶️ Continuer"

DID_YOU_MEAN = "Tu voulais dire « {label} » ?"
WHICH_ONE = "Je ne suis pas sûr d'avoir compris. C'est lequel ?"
NOT_UNDERSTOOD = "Je n'ai pas compris 🤔 Choisis un bouton, ou écris ta réponse autrement."
NOT_UNDERSTOOD_AGAIN = "Toujours pas compris, désolé ! Appuie sur un des boutons ci-dessous."
OFFER_HELP = (
    "On dirait que les réponses proposées ne te correspondent pas. Pas grave : choisis celle qui est la plus "
    "proche, ou recommence. Tu peux aussi aller voir ta Mission Locale : des conseillers t'écoutent, "
    "c'est gratuit."
)
NUMBER_EXPECTED = "Écris juste un nombre, par exemple 19."
NUMBER_RANGE = "Écris un nombre entre {minimum} et {maximum}."
PLACE_CONFIRM = "{label} — c'est ça ?"
PLACE_WHICH = "J'ai trouvé plusieurs lieux. C'est lequel ?"
PLACE_NOT_FOUND = (
    "Je ne trouve pas ce lieu 🤔 Écris le nom de ta ville ou ton code postal (par exemple 59100), "
    "ou appuie sur « 📍 Partager ma position »."
)
PLACE_NOT_FOUND_AGAIN = "Je ne trouve toujours pas. Essaie le code postal, ou passe cette question."
PLACE_UNAVAILABLE = "Je ne peux pas chercher les lieux pour le moment. On continue sans."
PLACE_RETRY = "D'accord. Écris le nom de ta ville, ton quartier ou ton code postal."
POSITION_NOT_FOUND = (
    "Je n'arrive pas à situer cette position en France. Écris plutôt ta ville ou ton code postal."
)
PRESET_PLACE = "Tu habites bien à {label} ?"
TEXT_EXPECTED = "Écris ta réponse en quelques mots."
TEXT_TOO_LONG = "C'est un peu long : résume en une phrase (200 caractères au plus)."
STALE_BUTTON = "Ce bouton correspond à une ancienne question. Voici où tu en es :"
BACK_AT_START = "Tu es déjà au début."
DIALOG_CHANGED = "Le questionnaire a été mis à jour depuis ta dernière visite. On reprend ici :"
DIALOG_CHANGED_RESTART = "Le questionnaire a changé depuis ta dernière visite : on reprend depuis le début."
NO_WAY_FORWARD = "Oups, je n'ai pas de suite prévue pour ça. On recommence ?"
MODIFY_WHICH = "Quelle réponse veux-tu modifier ?"
MODIFY_NOTHING = "Tu n'as encore répondu à aucune question."
NO_RESULT = (
    "Je n'ai pas trouvé de piste qui colle exactement à ta situation. Le mieux est d'en parler avec un "
    "conseiller : la Mission Locale (16–25 ans) ou France Travail t'écoutent gratuitement."
)
NO_MORE = "Je n'ai pas d'autre piste à te proposer. Tu peux modifier une réponse ou recommencer."
MORE_HEADER = "Voici d'autres pistes :"
THANKS_USEFUL = "Merci ! 🙌 Bonne route. Tu peux revenir quand tu veux avec /start."
THANKS_NOT_USEFUL = (
    "Merci de le dire, ça nous aide à nous améliorer. Tu peux voir d'autres pistes, modifier une réponse, "
    "ou en parler à un conseiller de ta Mission Locale."
)
AFTER_RESULT = "Ça t'aide ?"
HELP_GENERIC = (
    "Je te pose quelques questions pour trouver où aller : une formation, l'apprentissage, un projet "
    "d'entreprise ou un accompagnement vers l'emploi. Réponds avec les boutons ou en écrivant.\n"
    "/retour : revenir à la question d'avant · /recommencer : tout reprendre · /confidentialite : tes données"
)
NO_PLACE_NEAR = "Je ne connais pas de lieu assez proche de {commune} pour cette piste."
NO_PLACE_UNKNOWN = "Tu n'as pas indiqué où tu habites."
SEE_DIRECTORY = "Trouve le plus proche dans l'annuaire officiel : {url}"
SEE_SITE = "Trouve le lieu le plus proche sur {url}"
NO_DIRECTORY = "Demande à ta Mission Locale, elle saura t'orienter."

# --- quartier (issue 10)
OTHER_QUARTIER = "Un autre quartier"
QUARTIER_HINT = "Choisis ton quartier, écris son nom, ou partage ta position 📍"
QUARTIER_MORE = "Ton quartier n'est pas dans la liste ? Écris son nom."
QUARTIER_NOT_FOUND = (
    "Je ne trouve pas ce quartier à {commune} 🤔 Choisis un bouton, ou « Un autre quartier » si le tien "
    "n'y est pas."
)
QUARTIER_AT_POSITION = "📍 Tu es dans le quartier prioritaire {quartier}."
QUARTIER_NOT_AT_POSITION = "📍 D'après ta position, tu n'habites pas un quartier prioritaire."
CITESLAB_ELSEWHERE = (
    "CitésLab, qui aide à créer son entreprise, est réservé aux habitants des quartiers prioritaires : "
    "si tu as un doute sur ton quartier, trouve le CitésLab le plus proche sur {url}"
)
