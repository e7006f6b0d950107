"""PHQ-9, the Patient Health Questionnaire depression scale: nine items, total 0-27.

Wording as printed on the official forms of the PHQ screeners (https://www.phqscreeners.com/,
"PHQ-9", English and Spanish for the USA), which carry the line "Developed by Drs. Robert L.
Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from
Pfizer Inc. No permission required to reproduce, translate, display or distribute."
The paper form's "(Use "✔" to indicate your answer)", its office-coding line, and its
unscored tenth question on difficulty are not shown: the first two are about paper, and the
tenth is not part of the score this part tracks.

Severity bands: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
severity measure. J Gen Intern Med 2001;16:606-613 ("scores of 5, 10, 15, and 20 represented
mild, moderate, moderately severe, and severe depression").
Reliable change of 5 points: Löwe B, Unützer J, Callahan CM, Perkins AJ, Kroenke K. Monitoring
depression treatment outcomes with the Patient Health Questionnaire-9. Med Care
2004;42:1194-1201 (a change of 5 points is the minimal clinically important difference).
"""

from __future__ import annotations

from .instrument import Band, Instrument, Texts

# Item 9 (index 8): "Thoughts that you would be better off dead or of hurting yourself in some way".
SAFETY_ITEM = 8

EN: Texts = {
    "title": "PATIENT HEALTH QUESTIONNAIRE-9 (PHQ-9)",
    "stem": "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    "options": ("Not at all", "Several days", "More than half the days", "Nearly every day"),
    "items": (
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
        "fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    "credit": "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
    "display or distribute.",
}

# The PHQ screeners' Spanish for the USA, as its form prints it (dashes and "(a)" included).
ES: Texts = {
    "title": "CUESTIONARIO SOBRE LA SALUD DEL PACIENTE-9 (PHQ-9)",
    "stem": "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?",
    "options": ("Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días"),
    "items": (
        "Poco interés o placer en hacer cosas",
        "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
        "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
        "Se ha sentido cansado(a) o con poca energía",
        "Sin apetito o ha comido en exceso",
        "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted "
        "mismo(a) o con su familia",
        "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico "
        "o ver la televisión",
        "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – "
        "muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
        "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
    ),
    "credit": "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y "
    "colegas, mediante una subvención educativa otorgada por Pfizer Inc. No se requiere permiso "
    "para reproducir, traducir, presentar o distribuir.",
}

PHQ9 = Instrument(
    key="phq9",
    name="PHQ-9",
    items=9,
    bands=(
        Band("minimal", 0, 4),
        Band("mild", 5, 9),
        Band("moderate", 10, 14),
        Band("moderately_severe", 15, 19),
        Band("severe", 20, 27),
    ),
    reliable_change=5,
    max_skipped=1,
    texts={"en": EN, "es": ES},
    sources=(
        "https://www.phqscreeners.com/ (PHQ-9, English and Spanish for the USA)",
        "Kroenke, Spitzer, Williams. J Gen Intern Med 2001;16:606-613",
        "Löwe, Unützer, Callahan, Perkins, Kroenke. Med Care 2004;42:1194-1201",
    ),
)
