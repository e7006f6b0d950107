"""GAD-7, the Generalized Anxiety Disorder scale: seven items, total 0-21.

Wording as printed on the official forms of the PHQ screeners (https://www.phqscreeners.com/,
"GAD-7", English and Spanish for the USA), released by Pfizer with the same line as the PHQ-9:
no permission required to reproduce, translate, display or distribute. As for the PHQ-9, the
paper form's marking instruction, office coding and unscored difficulty question are left out.

Severity bands: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing
generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092-1097 ("scores of 5, 10,
and 15 represent cut points for mild, moderate, and severe anxiety").
Reliable change of 4 points: Toussaint A, Hüsing P, Gumz A, et al. Sensitivity to change and
minimal clinically important difference of the 7-item Generalized Anxiety Disorder
Questionnaire (GAD-7). J Affect Disord 2020;265:395-401 (MCID 4 points); the same 4 points are
the reliable-change criterion of England's NHS Talking Therapies (formerly IAPT) manual.
(Bischoff et al. 2020 computed a Jacobson-Truax index of 6 on a small sample; we follow the
criterion used in routine care.)
"""

from __future__ import annotations

from .instrument import Band, Instrument, Texts

EN: Texts = {
    "title": "GAD-7",
    "stem": "Over the last 2 weeks, how often have you been bothered by the following problems?",
    "options": ("Not at all", "Several days", "More than half the days", "Nearly every day"),
    "items": (
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    "credit": "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
    "display or distribute.",
}

ES: Texts = {
    "title": "GAD-7",
    "stem": "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?",
    "options": ("Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días"),
    "items": (
        "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
        "No ha sido capaz de parar o controlar su preocupación",
        "Se ha preocupado demasiado por motivos diferentes",
        "Ha tenido dificultad para relajarse",
        "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
        "Se ha molestado o irritado fácilmente",
        "Ha tenido miedo de que algo terrible fuera a pasar",
    ),
    "credit": "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y "
    "colegas, mediante una subvención educativa otorgada por Pfizer Inc. No se requiere permiso "
    "para reproducir, traducir, presentar o distribuir.",
}

GAD7 = Instrument(
    key="gad7",
    name="GAD-7",
    items=7,
    bands=(
        Band("minimal", 0, 4),
        Band("mild", 5, 9),
        Band("moderate", 10, 14),
        Band("severe", 15, 21),
    ),
    reliable_change=4,
    max_skipped=1,
    texts={"en": EN, "es": ES},
    sources=(
        "https://www.phqscreeners.com/ (GAD-7, English and Spanish for the USA)",
        "Spitzer, Kroenke, Williams, Löwe. Arch Intern Med 2006;166:1092-1097",
        "Toussaint, Hüsing, Gumz, et al. J Affect Disord 2020;265:395-401",
    ),
)
