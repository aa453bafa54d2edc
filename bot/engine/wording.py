"""The engine's own words (French, tutoiement, short; with their English). Dialog texts live in the YAML.

Each constant is a `Wording`: its value is the French text, ``.get(lang)`` gives it in the person's
language (see `bot.engine.words`)."""

from __future__ import annotations

from bot.engine.words import Wording as W

YES = W("✅ Oui", en="✅ Yes")
NO = W("❌ Non", en="❌ No")
BACK = W("↩️ Retour", en="↩️ Back")
RESTART = W("🔄 Recommencer", en="🔄 Start over")
MODIFY = W("✏️ Modifier une réponse", en="✏️ Change an answer")
MORE = W("🔎 Voir d'autres pistes", en="🔎 See other options")
USEFUL = W("👍 Ça m'aide", en="👍 That helps")
NOT_USEFUL = W("👎 Pas vraiment", en="👎 Not really")
SKIP = W("⏭️ Passer cette question", en="⏭️ Skip this question")
NONE_OF_THESE = W("Aucun de ceux-là", en="None of these")
CONTINUE = W("▶️ Continuer", en="▶️ Continue")

DID_YOU_MEAN = W("Tu voulais dire « {label} » ?", en="Did you mean “{label}”?")
WHICH_ONE = W(
    "Je ne suis pas sûr d'avoir compris. C'est lequel ?", en="I'm not sure I understood. Which one is it?"
)
NOT_UNDERSTOOD = W(
    "Je n'ai pas compris 🤔 Choisis un bouton, ou écris ta réponse autrement.",
    en="I didn't understand 🤔 Pick a button, or write your answer another way.",
)
# typed under the result and not understood: the result and its buttons stay just above
RESULT_NOT_UNDERSTOOD = W(
    "Je n'ai pas compris 🤔 Tes pistes sont juste au-dessus : choisis un bouton sous le message "
    "(🔄 Recommencer pour tout reprendre).",
    en="I didn't understand 🤔 Your options are just above: pick a button under that message "
    "(🔄 Start over to begin again).",
)
NOT_UNDERSTOOD_AGAIN = W(
    "Toujours pas compris, désolé ! Appuie sur un des boutons ci-dessous.",
    en="Still not sure what you mean, sorry! Tap one of the buttons below.",
)
OFFER_HELP = W(
    "On dirait que les réponses proposées ne te correspondent pas. Pas grave : choisis celle qui est la plus "
    "proche, ou recommence. Tu peux aussi aller voir ta Mission Locale : des conseillers t'écoutent, "
    "c'est gratuit.",
    en="It looks like none of the answers fits you. That's fine: pick the closest one, or start over. You "
    "can also go to your Mission Locale (local youth centre): advisers will listen to you, free of charge.",
)
NUMBER_EXPECTED = W("Écris juste un nombre, par exemple 19.", en="Just write a number, for example 19.")
NUMBER_RANGE = W(
    "Écris un nombre entre {minimum} et {maximum}.", en="Write a number between {minimum} and {maximum}."
)
PLACE_CONFIRM = W("{label} — c'est ça ?", en="{label} — is that right?")
PLACE_WHICH = W("J'ai trouvé plusieurs lieux. C'est lequel ?", en="I found several places. Which one is it?")
PLACE_NOT_FOUND = W(
    "Je ne trouve pas ce lieu 🤔 Écris le nom de ta ville ou ton code postal (par exemple 59100), "
    "ou appuie sur « 📍 Partager ma position ».",
    en="I can't find this place 🤔 Write the name of your town or your postcode (for example 59100), "
    "or tap “📍 Share my location”.",
)
PLACE_NOT_FOUND_AGAIN = W(
    "Je ne trouve toujours pas. Essaie le code postal, ou passe cette question.",
    en="Still not found. Try the postcode, or skip this question.",
)
PLACE_UNAVAILABLE = W(
    "Je ne peux pas chercher les lieux pour le moment. On continue sans.",
    en="I can't look up places right now. Let's go on without.",
)
PLACE_RETRY = W(
    "D'accord. Écris le nom de ta ville, ton quartier ou ton code postal.",
    en="OK. Write the name of your town, your neighbourhood or your postcode.",
)
POSITION_NOT_FOUND = W(
    "Je n'arrive pas à situer cette position en France. Écris plutôt ta ville ou ton code postal.",
    en="I can't place this location in France. Write your town or your postcode instead.",
)
PRESET_PLACE = W("Tu habites bien à {label} ?", en="Do you live in {label}?")
TEXT_EXPECTED = W("Écris ta réponse en quelques mots.", en="Write your answer in a few words.")
TEXT_TOO_LONG = W(
    "C'est un peu long : résume en une phrase (200 caractères au plus).",
    en="That's a bit long: sum it up in one sentence (200 characters at most).",
)
STALE_BUTTON = W(
    "Ce bouton correspond à une ancienne question. Voici où tu en es :",
    en="This button belongs to an earlier question. Here is where you are:",
)
BACK_AT_START = W("Tu es déjà au début.", en="You're already at the beginning.")
DIALOG_CHANGED = W(
    "Le questionnaire a été mis à jour depuis ta dernière visite. On reprend ici :",
    en="The questions have been updated since your last visit. Let's carry on from here:",
)
DIALOG_CHANGED_RESTART = W(
    "Le questionnaire a changé depuis ta dernière visite : on reprend depuis le début.",
    en="The questions have changed since your last visit: let's start again from the beginning.",
)
NO_WAY_FORWARD = W(
    "Oups, je n'ai pas de suite prévue pour ça. On recommence ?",
    en="Oops, I have nothing planned after that. Shall we start over?",
)
MODIFY_WHICH = W("Quelle réponse veux-tu modifier ?", en="Which answer do you want to change?")
MODIFY_NOTHING = W("Tu n'as encore répondu à aucune question.", en="You haven't answered any question yet.")
NO_RESULT = W(
    "Je n'ai pas trouvé de piste qui colle exactement à ta situation. Le mieux est d'en parler avec un "
    "conseiller : la Mission Locale (16–25 ans) ou France Travail t'écoutent gratuitement.",
    en="I found no option that fits your situation exactly. The best is to talk to an adviser: the Mission "
    "Locale (16–25) or France Travail (the public employment service) will listen to you, free of charge.",
)
NO_MORE = W(
    "Je n'ai pas d'autre piste à te proposer. Tu peux modifier une réponse ou recommencer.",
    en="I have no other option to suggest. You can change an answer or start over.",
)
MORE_HEADER = W("Voici d'autres pistes :", en="Here are other options:")
THANKS_USEFUL = W(
    "Merci ! 🙌 Bonne route. Tu peux revenir quand tu veux avec /start.",
    en="Thanks! 🙌 Good luck. Come back whenever you like with /start.",
)
THANKS_NOT_USEFUL = W(
    "Merci de le dire, ça nous aide à nous améliorer. Tu peux voir d'autres pistes, modifier une réponse, "
    "ou en parler à un conseiller de ta Mission Locale.",
    en="Thanks for saying so, it helps us improve. You can see other options, change an answer, or talk "
    "to an adviser at your Mission Locale.",
)
HELP_GENERIC = W(
    "Je te pose quelques questions pour trouver où aller : une formation, l'apprentissage, un projet "
    "d'entreprise ou un accompagnement vers l'emploi. Réponds avec les boutons ou en écrivant.\n"
    "/retour : revenir à la question d'avant · /recommencer : tout reprendre · /langue : changer de "
    "langue · /confidentialite : tes données",
    en="I ask you a few questions to find where to go: training, an apprenticeship, a business idea or "
    "help to find a job. Answer with the buttons or by writing.\n"
    "/retour: back to the previous question · /recommencer: start over · /langue: change language · "
    "/confidentialite: your data",
)
NO_PLACE_NEAR = W(
    "Je ne connais pas de lieu assez proche de {commune} pour cette piste.",
    en="I know no place close enough to {commune} for this option.",
)
NO_PLACE_UNKNOWN = W("Tu n'as pas indiqué où tu habites.", en="You haven't said where you live.")
SEE_DIRECTORY = W(
    "Trouve le plus proche dans l'annuaire officiel : {url}",
    en="Find the nearest one in the official directory: {url}",
)
SEE_SITE = W("Trouve le lieu le plus proche sur {url}", en="Find the nearest place on {url}")
NO_DIRECTORY = W(
    "Demande à ta Mission Locale, elle saura t'orienter.",
    en="Ask your Mission Locale, they will point you in the right direction.",
)

# --- languages (/langue)
LANGUAGE_ASK = W("Dans quelle langue veux-tu continuer ?", en="Which language do you want to continue in?")
LANGUAGE_FRENCH = W("🇫🇷 Français", en="🇫🇷 Français")
LANGUAGE_ENGLISH = W("🇬🇧 English", en="🇬🇧 English")
LANGUAGE_SET = W("D'accord, on continue en français.", en="OK, let's continue in English.")
LANGUAGE_UNAVAILABLE = W(
    "Ce questionnaire n'existe qu'en français pour le moment.",
    en="These questions only exist in French for now.",
)

# --- follow-up, opt-in (after a result)
FOLLOWUP_ASK = W(
    "Je te redemande dans une semaine si tu as pu y aller ?",
    en="Shall I ask you in a week whether you managed to go?",
)
FOLLOWUP_YES = W("🔔 Oui", en="🔔 Yes")
FOLLOWUP_NO = W("Non merci", en="No thanks")
FOLLOWUP_SCHEDULED = W(
    "C'est noté : je t'écris dans une semaine. Tu peux annuler quand tu veux avec /oubli.",
    en="Noted: I'll write to you in a week. You can cancel any time with /oubli.",
)
FOLLOWUP_DECLINED = W("D'accord, je ne te relancerai pas.", en="OK, I won't remind you.")
FOLLOWUP_QUESTION = W(
    "Salut 👋 Il y a une semaine, je t'ai proposé des pistes. Tu as pu y aller ?",
    en="Hi 👋 A week ago I suggested some places to go. Did you manage to go?",
)
FOLLOWUP_WENT = W("✅ J'y suis allé·e", en="✅ I went")
FOLLOWUP_NOT_YET = W("⏳ Pas encore", en="⏳ Not yet")
FOLLOWUP_NEED_HELP = W("🆘 J'ai besoin d'aide", en="🆘 I need help")
FOLLOWUP_WENT_REPLY = W(
    "Bravo ! 🙌 C'est un vrai pas. Si tu as besoin d'autre chose, tape /start.",
    en="Well done! 🙌 That's a real step. If you need anything else, type /start.",
)
FOLLOWUP_NOT_YET_REPLY = W(
    "Pas de souci, prends ton temps. Tes pistes t'attendent : tape /start pour les revoir ou en chercher "
    "d'autres.",
    en="No problem, take your time. Your options are still there: type /start to see them again or look "
    "for others.",
)
FOLLOWUP_HELP_PHONE = W(
    "Les conseillers de la Mission Locale t'aident gratuitement, même pour faire le premier pas. "
    "Appelle la plus proche de chez toi :\n📍 {name}\n📞 {phone}",
    en="Mission Locale advisers help you for free, even with the first step. Call the one nearest "
    "to you:\n📍 {name}\n📞 {phone}",
)
FOLLOWUP_HELP_PLACE = W(
    "Les conseillers de la Mission Locale t'aident gratuitement, même pour faire le premier pas. "
    "Va voir la plus proche de chez toi :\n📍 {name}\n{address}",
    en="Mission Locale advisers help you for free, even with the first step. Go and see the one nearest "
    "to you:\n📍 {name}\n{address}",
)
FOLLOWUP_HELP_DIRECTORY = W(
    "Les conseillers de la Mission Locale t'aident gratuitement, même pour faire le premier pas. "
    "Trouve la plus proche de chez toi : {url}",
    en="Mission Locale advisers help you for free, even with the first step. Find the one nearest to "
    "you: {url}",
)

# --- result cards' fixed parts (rendered by the edges)
WHY = W("Pourquoi : {reasons}.", en="Why: {reasons}.")
OFFICIAL_DIRECTORY = W("📒 Annuaire officiel : {url}", en="📒 Official directory: {url}")
INFO_DAY = W("Information du {day}/{month}/{year}", en="Information from {day}/{month}/{year}")
INFO_MONTH = W("Information de {month}/{year}", en="Information from {month}/{year}")
INFO_WHEN = W("Information de {when}", en="Information from {when}")
DISTANCE_IN_TOWN = W("dans ta commune ou tout près", en="in your town or very close")
DISTANCE_ABOUT = W("à environ {km} km", en="about {km} km away")
DISTANCE_UNDER_100M = W("à moins de 100 m", en="less than 100 m away")
DISTANCE_M = W("à {m} m", en="{m} m away")
DISTANCE_KM = W("à {km} km", en="{km} km away")

# --- understanding (issue 8)
# A short answer to small talk or stray input, said before the current question again (never a miss).
ASIDES = {
    "greeting": W("Salut ! 👋", en="Hi! 👋"),
    "thanks": W("Avec plaisir 🙂", en="You're welcome 🙂"),
    "ok": W("Ça marche !", en="Sounds good!"),
    "laugh": W("😄", en="😄"),
    "who": W(
        "Je suis un bot : je te pose quelques questions pour te dire où aller près de chez toi. "
        "Pas besoin de ton nom.",
        en="I'm a bot: I ask you a few questions to tell you where to go near where you live. "
        "No need for your name.",
    ),
    "question": W(
        "Je te demande ça pour trouver les pistes qui te correspondent.",
        en="I'm asking so I can find the options that suit you.",
    ),
    "insult": W(
        "Ok, je sens que ça t'agace 😅 Je fais au plus vite.",
        en="OK, I can tell this is annoying you 😅 I'll be as quick as I can.",
    ),
    "refusal": W(
        "Pas de souci, rien n'est lié à ton nom. Ça sert juste à trouver les bonnes pistes : "
        "choisis ce qui s'en approche le plus.",
        en="No problem, nothing is linked to your name. It's only to find the right options: "
        "pick whatever comes closest.",
    ),
    "emoji": W("Je ne lis pas encore les émojis 😅", en="I can't read emojis yet 😅"),
    "digit": W(
        "Un chiffre tout seul, je ne sais pas à quoi il correspond.",
        en="A number on its own, I don't know what it stands for.",
    ),
    "empty": W("Je n'ai rien reçu 🙂", en="I didn't get anything 🙂"),
    "dont_know": W(
        "Pas grave ! Le nom de ta ville ou ton code postal suffit.",
        en="No worries! The name of your town or your postcode is enough.",
    ),
}
ASIDE_OTHER = W("D'accord.", en="OK.")
AGE_CONFIRM = W("Tu as donc {age} ans ?", en="So you're {age}?")
AGE_WHICH = W("Tu as donc environ {age} ans. C'est lequel ?", en="So you're about {age}. Which one is it?")
PICK_A_BUTTON = W("Appuie sur le bouton qui te correspond.", en="Tap the button that fits you.")

# --- result (issue 9)
DETAILS = W("ℹ️ Détails {rank}", en="ℹ️ Details {rank}")
BACK_TO_SUMMARY = W("⬅️ Retour aux pistes", en="⬅️ Back to the options")
SHARE = W("📤 Partager le bot", en="📤 Share the bot")
RESUME = W("▶️ Reprendre", en="▶️ Carry on")
WHY_LINE = W("Pourquoi : {why}.", en="Why: {why}.")
WHY_AND = W(" et ", en=" and ")  # joins the reasons of the why line
NO_PLACE_SHORT = W("Pas de lieu connu près de chez toi", en="No known place near you")
NO_PLACE_FIND = W(  # when the person did not say where they live
    "Trouve le lieu le plus proche", en="Find the nearest place"
)
DIRECTORY = W("annuaire officiel", en="official directory")
LEARN_MORE = W("en savoir plus", en="learn more")
APPROXIMATE_PLACE = W(
    "Adresse exacte inconnue : le lien du nom cherche ce lieu sur la carte.",
    en="Exact address unknown: the link on the name looks for this place on the map.",
)
SHARE_INVITE = W(
    "Cap Quartiers : un bot qui t'aide à trouver où aller pour une formation, l'alternance ou un job.",
    en="Cap Quartiers: a bot that helps you find where to go for training, an apprenticeship or a job.",
)
SHARE_HOW = W(
    "Sur Telegram, le bouton « 📤 Partager le bot » ouvre le partage avec le lien du bot : chez la personne "
    "qui le reçoit, il ouvre Cap Quartiers, sans rien dire de toi.",
    en="On Telegram, the “📤 Share the bot” button opens sharing with the bot's link: for the person who "
    "gets it, it opens Cap Quartiers, without saying anything about you.",
)
NO_RESULT_YET = W(
    "Tu n'as pas encore de résultat : réponds aux questions et je te montre tes pistes.",
    en="You have no result yet: answer the questions and I'll show you your options.",
)
FEEDBACK_ALREADY = W(
    "C'est noté, merci ! Ton avis compte une fois par conversation.",
    en="Noted, thanks! Your opinion counts once per conversation.",
)
PLACE_UNDERSTOOD = W("J'ai compris : {label}.", en="Got it: {label}.")
PLACE_CHANGE = W("✏️ Modifier", en="✏️ Change")
START_AGAIN = W(
    "On était en pleine discussion 🙂 Tu veux reprendre où tu en étais, ou tout recommencer ?",
    en="We were in the middle of a chat 🙂 Do you want to carry on where you were, or start over?",
)

# --- reload (issue 12): messages to the admins (BOT_ADMIN_IDS) about the corpus in service
RELOAD_LOADED = W(
    "✅ Nouvelle version du dialogue et des connaissances en service (dialogue {version}, {seconds}).",
    en="✅ New version of the dialog and knowledge in service (dialog {version}, {seconds}).",
)
RELOAD_LOADED_TEXTS = W(
    "Seuls des textes ont changé : les conversations en cours continuent sans rien remarquer.",
    en="Only texts changed: conversations in progress go on without noticing anything.",
)
RELOAD_LOADED_STRUCTURE = W(
    "Des questions ou des choix ont été ajoutés, renommés ou retirés : les personnes en cours de route "
    "sont replacées à la question la plus proche, avec un mot d'explication.",
    en="Questions or choices were added, renamed or removed: people in the middle of a conversation are "
    "taken to the nearest question, with a word of explanation.",
)
RELOAD_UNCHANGED = W(
    "Rien n'a changé depuis la version en service (dialogue {version}).",
    en="Nothing changed since the version in service (dialog {version}).",
)
RELOAD_REFUSED = W(
    "⚠️ Modification refusée : {count} erreur(s). Le bot continue avec la version précédente "
    "(dialogue {version}) ; rien n'a changé pour les jeunes.",
    en="⚠️ Change refused: {count} error(s). The bot goes on with the previous version "
    "(dialog {version}); nothing changed for the young people.",
)
RELOAD_FIX = W(
    "Corrige puis enregistre : je recharge tout seul. Vérifier avant : cap-quartiers validate",
    en="Fix it and save: I reload on my own. To check first: cap-quartiers validate",
)
RELOAD_RECOVERED = W(
    "✅ Les erreurs sont corrigées : la version actuelle est en service (dialogue {version}).",
    en="✅ The errors are fixed: the current version is in service (dialog {version}).",
)
STARTED_ON_LAST_GOOD = W(
    "⚠️ Le bot a démarré sur la dernière version valide (copie du {saved}), car les fichiers actuels "
    "contiennent {count} erreur(s) :",
    en="⚠️ The bot started on the last valid version (copy of {saved}), because the current files "
    "contain {count} error(s):",
)

# --- quartier (issue 10)
OTHER_QUARTIER = W("Un autre quartier", en="Another neighbourhood")
QUARTIER_HINT = W(
    "Choisis ton quartier, écris son nom, ou partage ta position 📍",
    en="Choose your neighbourhood, type its name, or share your location 📍",
)
QUARTIER_MORE = W(
    "Ton quartier n'est pas dans la liste ? Écris son nom.",
    en="Your neighbourhood is not in the list? Type its name.",
)
QUARTIER_NOT_FOUND = W(
    "Je ne trouve pas ce quartier à {commune} 🤔 Choisis un bouton, ou « Un autre quartier » si le tien "
    "n'y est pas.",
    en="I can't find this neighbourhood in {commune} 🤔 Pick a button, or “Another neighbourhood” if yours "
    "isn't there.",
)
QUARTIER_AT_POSITION = W(
    "📍 Tu es dans le quartier prioritaire {quartier}.",
    en="📍 You are in the priority neighbourhood {quartier}.",
)
QUARTIER_NOT_AT_POSITION = W(
    "📍 D'après ta position, tu n'habites pas un quartier prioritaire.",
    en="📍 From your location, you don't live in a priority neighbourhood.",
)
CITESLAB_ELSEWHERE = W(
    "CitésLab, qui aide à créer son entreprise, est réservé aux habitants des quartiers prioritaires : "
    "si tu as un doute sur ton quartier, trouve le CitésLab le plus proche sur {url}",
    en="CitésLab, which helps people start a business, is only for residents of priority neighbourhoods: "
    "if you're unsure about yours, find the nearest CitésLab on {url}",
)
