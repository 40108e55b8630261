# ruff: noqa: E501 (whole replies as people write them, one per entry)
"""Our own corpus of out-of-office replies, written the many ways people write them in the seven
languages, and of ordinary replies that mention days. Each: (language, day sent, text, the day back or None).

Days are read against the default calendar (US holidays, Monday to Friday). 1 Dec 2026 is a Tuesday;
25 Dec 2026 and 1 Jan 2027 are holidays. ``None`` means the reply does not say a day: the app must take none.
"""

from __future__ import annotations

D = "2026-12-01"

OOF: list[tuple[str, str, str, str | None]] = [
    # English
    ("en", D, "I am out of the office until Monday, December 7 with limited access to email.", "2026-12-07"),
    ("en", D, "Thank you for your email. I'm back on Monday.", "2026-12-07"),
    ("en", D, "I am on annual leave from 30 November to 11 December. I will reply when I return.", "2026-12-14"),
    ("en", D, "Out of office through Friday, December 4th. For urgent matters call the desk.", "2026-12-07"),
    ("en", D, "I will be back in the office on 12/07/2026.", "2026-12-07"),
    ("en", D, "I'm out until tomorrow with no access to email.", "2026-12-02"),
    ("en", D, "I am away this week and back next week.", "2026-12-07"),
    ("en", D, "I will return on the 9th.", "2026-12-09"),
    ("en", D, "Returning Dec 10th.", "2026-12-10"),
    ("en", D, "I'm travelling until the 8th of December inclusive.", "2026-12-09"),
    ("en", D, "I am currently out of the office and will return on Wednesday 9 December 2026.", "2026-12-09"),
    ("en", D, "On leave 14-18 December, back on 21 December.", "2026-12-21"),
    ("en", D, "I am out of the office until January 4, 2027.", "2027-01-04"),
    ("en", D, "I'm on vacation and will be back in January.", "2027-01-04"),
    ("en", D, "I am out of office with limited access to email. I'll respond as soon as I can.", None),
    ("en", D, "I'm out of the office. Back on 1.2.", None),
    ("en", D, "I am out of the office until 12/7.", "2026-12-07"),
    ("en", D, "Out of office until Thursday.", "2026-12-03"),
    ("en", D, "I'm out today, back tomorrow.", "2026-12-02"),
    ("en", D, "I am at a conference from Monday to Wednesday, with limited access to email.", "2026-12-10"),
    ("en", D, "Please note I will be out of the office from December 7.", None),
    ("en", D, "I'm out of office mid-December.", None),
    ("en", D, "Out of the office until further notice.", None),
    ("en", D, "Our support hours are Monday to Friday, 9:00-17:00. We answer within 1 business day.", None),
    ("en", D, "I am out of the office. Ticket 2611240010007702 was updated on 30.11.2026.", None),
    ("en", D, "Hi, I'm away. I will be back on Monday 8 December.", None),  # 8 December is a Tuesday
    ("en", D, "I'm OOO through 12/4 and back Monday 12/7.", "2026-12-07"),
    # German
    (
        "de",
        D,
        "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 11.12.2026 nicht im Büro\n"
        "und habe keinen Zugriff auf meine E-Mails.\n"
        "Ab dem 14. Dezember 2026 bin ich wieder erreichbar.",
        "2026-12-14",
    ),
    ("de", D, "Ich bin bis Montag nicht im Büro.", "2026-12-07"),
    ("de", D, "Vielen Dank für Ihre Nachricht. Ich bin ab Montag, 7. Dezember wieder im Büro.", "2026-12-07"),
    ("de", D, "Ich bin vom 30.11. bis 11.12. im Urlaub.", "2026-12-14"),
    ("de", D, "Ich bin bis einschließlich Freitag, 4. Dezember 2026 abwesend.", "2026-12-07"),
    ("de", D, "Guten Morgen, ich bin morgen wieder da.", "2026-12-02"),
    ("de", D, "Ich bin in der nächsten Woche wieder erreichbar.", "2026-12-07"),
    ("de", D, "Ich bin bis zum 9.12. nicht erreichbar.", "2026-12-09"),
    ("de", D, "Ab dem 14.12.2026 bin ich wieder für Sie da.", "2026-12-14"),
    ("de", D, "Ich bin im Januar wieder im Büro.", "2027-01-04"),
    ("de", D, "Ich bin Mitte Januar zurück.", None),
    ("de", D, "Ich bin ab 7. Dezember im Urlaub.", None),
    ("de", D, "Ich bin am Montag nicht im Büro.", None),
    ("de", D, "Vielen Dank für Ihre Anfrage. Wir melden uns innerhalb von 2 Werktagen.", None),
    # French
    (
        "fr",
        D,
        "Bonjour,\n\nJe suis absente du bureau et serai de retour le 9 décembre 2026. Pour toute urgence, "
        "contactez le support.\n\nCordialement,\nMarie",
        "2026-12-09",
    ),
    ("fr", D, "Je suis absent jusqu'au lundi 7 décembre.", "2026-12-07"),
    ("fr", D, "Je serai de retour le 1er février 2027.", "2027-02-01"),
    ("fr", D, "Je suis absente du 30 novembre au 11 décembre inclus.", "2026-12-14"),
    ("fr", D, "Je suis en congé jusqu'au 9 décembre inclus.", "2026-12-10"),
    ("fr", D, "Je serai de retour demain.", "2026-12-02"),
    ("fr", D, "Absent jusqu’à lundi.", "2026-12-07"),
    ("fr", D, "Je suis en déplacement, de retour la semaine prochaine.", "2026-12-07"),
    ("fr", D, "Je suis absent du 3 au 8 décembre.", "2026-12-09"),
    ("fr", D, "Je serai absent à partir du 7 décembre.", None),
    ("fr", D, "Merci pour votre message. Notre équipe vous répondra dans les meilleurs délais.", None),
    # Spanish
    ("es", D, "Estaré fuera de la oficina hasta el 9 de diciembre de 2026.", "2026-12-09"),
    ("es", D, "Vuelvo el lunes.", "2026-12-07"),
    ("es", D, "Estoy de vacaciones del 30 de noviembre al 11 de diciembre.", "2026-12-14"),
    ("es", D, "Estaré fuera hasta el 9 de diciembre incluido.", "2026-12-10"),
    ("es", D, "Regreso mañana por la mañana.", "2026-12-02"),
    ("es", D, "Me reincorporo el 7 de diciembre.", "2026-12-07"),
    ("es", D, "Estoy fuera de la oficina hasta la próxima semana.", "2026-12-07"),
    ("es", D, "Estaré ausente a partir del 7 de diciembre.", None),
    ("es", D, "Estoy fuera de la oficina hasta el miércoles 9/12.", "2026-12-09"),
    # Dutch
    ("nl", D, "Ik ben tot en met 11 december afwezig.", "2026-12-14"),
    ("nl", D, "Ik ben op maandag 7 december weer terug op kantoor.", "2026-12-07"),
    ("nl", D, "Ik ben afwezig tot maandag.", "2026-12-07"),
    ("nl", D, "Ik ben van 30 november t/m 11 december met vakantie.", "2026-12-14"),
    ("nl", D, "Morgen ben ik weer bereikbaar.", "2026-12-02"),
    ("nl", D, "Vanaf 14-12-2026 ben ik weer aanwezig.", "2026-12-14"),
    ("nl", D, "Ik ben tot 9 december niet aanwezig.", "2026-12-09"),
    ("nl", D, "Ik ben volgende week weer op kantoor.", "2026-12-07"),
    ("nl", D, "Ik ben t/m vrijdag afwezig.", "2026-12-07"),
    # Italian
    ("it", D, "Sono fuori ufficio fino al 10 dicembre.", "2026-12-10"),
    ("it", D, "Sarò di ritorno lunedì 7 dicembre.", "2026-12-07"),
    ("it", D, "Sono in ferie dal 30 novembre all'11 dicembre.", "2026-12-14"),
    ("it", D, "Rientrerò in ufficio domani.", "2026-12-02"),
    ("it", D, "Sono assente fino al 9 dicembre incluso.", "2026-12-10"),
    ("it", D, "Sarò fuori sede fino a lunedì.", "2026-12-07"),
    ("it", D, "Rientro previsto il 14/12/2026.", "2026-12-14"),
    ("it", D, "Sono assente dal 3 al 9 dicembre.", "2026-12-10"),
    ("it", D, "Sarò assente a metà gennaio.", None),
    # Portuguese
    ("pt", D, "Estou fora do escritório até 9 de dezembro.", "2026-12-09"),
    ("pt", D, "Estarei de volta na segunda-feira, 7 de dezembro.", "2026-12-07"),
    ("pt", D, "Estou de férias de 30 de novembro a 11 de dezembro.", "2026-12-14"),
    ("pt", D, "Retorno amanhã.", "2026-12-02"),
    ("pt", D, "Estarei ausente até 9 de dezembro, inclusive.", "2026-12-10"),
    ("pt", D, "Volto na próxima semana.", "2026-12-07"),
    ("pt", D, "Estou ausente até sexta-feira.", "2026-12-04"),
    ("pt", D, "Estarei fora do escritório até 07/12/2026.", "2026-12-07"),
    # Whole replies: greetings, signatures with numbers, two languages, unrelated dates
    (
        "en",
        D,
        "Hello,\n\nThank you for your message. I am currently out of the office on business travel, returning Tuesday, December 8th. I will have limited access to email.\n\nFor urgent matters please contact the service desk at +1 (555) 010-0199.\n\nBest regards,\nAlex Doe\nSenior Engineer | Fabrikam Inc.\nFabrikam Inc., 1 Main St, Suite 200, Springfield, 2024 award winner",
        "2026-12-08",
    ),
    (
        "de",
        D,
        "Sehr geehrte Damen und Herren,\n\nich befinde mich bis zum 11. Dezember 2026 im Urlaub. Ihre E-Mail wird nicht weitergeleitet. In dringenden Fällen wenden Sie sich bitte an meine Kollegin Frau Schmidt (Tel. 089 12345-678).\n\nMit freundlichen Grüßen\nJonas Weber",
        "2026-12-11",
    ),
    (
        "de",
        D,
        "Ich bin vom 30.11.2026 bis einschließlich 04.12.2026 nicht im Büro.\n\nI am out of the office from 30.11.2026 until 04.12.2026 inclusive.",
        "2026-12-07",
    ),
    (
        "fr",
        D,
        "Bonjour,\nJe suis actuellement en congés et serai de retour au bureau le lundi 14 décembre 2026.\nEn cas d'urgence, merci de contacter le 01 23 45 67 89.\nBien cordialement",
        "2026-12-14",
    ),
    (
        "es",
        D,
        "Gracias por su mensaje. Me encuentro de vacaciones hasta el 11/12/2026 sin acceso al correo. Para temas urgentes contacte con soporte@ejemplo.example.",
        "2026-12-11",
    ),
    (
        "nl",
        D,
        "Beste afzender,\n\nIk ben afwezig van maandag 30 november tot en met vrijdag 4 december. Vanaf maandag 7 december ben ik weer aanwezig.\n\nMet vriendelijke groet,\nPieter",
        "2026-12-07",
    ),
    (
        "it",
        D,
        "Gentile mittente, sono fuori ufficio con accesso limitato alla posta fino a venerdì 4 dicembre compreso. Rientrerò lunedì 7 dicembre.",
        "2026-12-07",
    ),
    (
        "pt",
        D,
        "Olá! Estou de férias entre 30/11 e 11/12, com acesso limitado ao e-mail. Retorno no dia 14/12.",
        "2026-12-14",
    ),
    ("en", D, "I'm out of the office until the new year. For anything urgent, call the desk.", None),
    ("en", D, "I'm out of office. Note: our offices are closed on December 24 and 25 and on January 1.", None),
    (
        "en",
        D,
        "Automatic reply: I am on parental leave until further notice. Version 2.1 of the product ships on 3/15.",
        None,
    ),
    ("en", D, "Thanks for your email. I'm out sick today.", None),
    (
        "de",
        D,
        "Vielen Dank für Ihre Nachricht. Ich bin heute nicht im Büro und ab morgen wieder erreichbar.",
        "2026-12-02",
    ),
    ("en", D, "I'm out of office from Dec 2 - Dec 4, back Dec 7.", "2026-12-07"),
    ("en", D, "I am out of the office Wed 12/2 through Fri 12/4.", "2026-12-07"),
    ("fr", D, "Je suis absent du mercredi 2 au vendredi 4 décembre inclus.", "2026-12-07"),
    ("es", D, "Estaré fuera desde el 2 hasta el 4 de diciembre.", "2026-12-07"),
    ("en", D, "I'll be back on December 1st 2027.", "2027-12-01"),
    ("en", D, "Out until Monday 7th.", "2026-12-07"),
    ("en", D, "I am out of office until 7th December 2026 (inclusive).", "2026-12-08"),
    ("pt", D, "Estarei ausente do escritório até segunda-feira, dia 7 de dezembro.", "2026-12-07"),
    ("it", D, "Sarò assente dal 2 dicembre. Per urgenze contattare il supporto.", None),
    ("nl", D, "Ik ben op vrijdag 4 december afwezig.", None),
    # Across the year end
    ("en", "2026-12-28", "I am out of the office until January 4.", "2027-01-04"),
    ("de", "2026-12-22", "Ich bin vom 24.12. bis 3.1. im Urlaub.", "2027-01-04"),
    ("fr", "2026-12-28", "Je suis absent jusqu'au 4 janvier.", "2027-01-04"),
    ("en", "2026-12-28", "Back on Monday.", "2027-01-04"),
    ("es", "2026-12-30", "Vuelvo el 4 de enero.", "2027-01-04"),
    ("it", "2026-12-23", "Sono in ferie dal 24 dicembre al 6 gennaio.", "2027-01-07"),
    ("nl", "2026-12-23", "Ik ben met vakantie t/m 1 januari.", "2027-01-04"),
    ("pt", "2026-12-21", "Estarei de volta em janeiro.", "2027-01-04"),
]

# Ordinary replies that mention days: not automatic replies, so no return date and no out-of-office.
ORDINARY: list[tuple[str, str]] = [
    ("en", "Thanks, the fix works. Can we talk on Monday?"),
    ("en", "We deployed version 1.2 on 12/02 and the job failed again until we restarted it."),
    ("de", "Ich teste das bis Freitag und melde mich dann."),
    ("fr", "Le problème est revenu le 3 décembre à 10h."),
    ("es", "El error ocurrió el lunes 30 de noviembre."),
    ("nl", "Ik ben morgen beschikbaar voor een call."),
    ("it", "Il problema si è verificato ieri alle 15:00, sono di ritorno lunedì."),
    ("pt", "Posso fazer um teste na sexta-feira."),
    ("en", "I'm back from vacation. The error came back on 30 November."),
    ("de", "Wir sind ab Montag wieder im Büro und testen dann."),
]
