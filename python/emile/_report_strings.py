"""Every word of `emile report`, in English and French: one table, so that a string missing in either language is
found by a test (tests/python/test_report.py) rather than by a reader.

Keys name what the string is for; values are {"en": …, "fr": …}. Strings with {placeholders} are filled with
str.format by the report.
"""

from __future__ import annotations

from typing import Dict

LANGUAGES = ("en", "fr")

STRINGS: Dict[str, Dict[str, str]] = {
    # The page
    "title": {"en": "EMILE programme — simulation report", "fr": "Programme EMILE — rapport de simulation"},
    "kind.run": {"en": "Simulation of a scenario", "fr": "Simulation d'un scénario"},
    "kind.compare": {"en": "Comparison of a policy variant with its base", "fr": "Comparaison d'une variante avec sa base"},
    "kind.sweep": {"en": "Parameter sweep", "fr": "Balayage de paramètres"},
    "kind.capacity": {"en": "Capacity and bottlenecks", "fr": "Capacité et goulets d'étranglement"},
    "kind.sensitivity": {"en": "Sensitivity analysis (Morris)", "fr": "Analyse de sensibilité (Morris)"},
    "kind.sobol": {"en": "Variance-based sensitivity (Sobol')", "fr": "Sensibilité fondée sur la variance (Sobol')"},
    "kind.calibrate": {"en": "Calibration to the public record", "fr": "Calibrage sur les données publiques"},
    "scenario": {"en": "Scenario", "fr": "Scénario"},
    "variant": {"en": "Variant", "fr": "Variante"},
    "period": {"en": "Period", "fr": "Période"},
    "period.value": {"en": "{first} to {last}", "fr": "du {first} au {last}"},
    "replications": {"en": "Replications", "fr": "Réplications"},
    "seed": {"en": "Seed", "fr": "Graine"},
    # Headline
    "headline": {"en": "Headline figures", "fr": "Chiffres clés"},
    "headline.note": {"en": "Mean over {replications} replications; in brackets, 5–95 % of the replications.",
                      "fr": "Moyenne sur {replications} réplications ; entre crochets, 5–95 % des réplications."},
    "headline.uncertainty.yes": {
        "en": "The ranges hold parameter uncertainty (each replication drew its parameters from a calibration's "
              "posterior) as well as chance.",
        "fr": "Les intervalles comprennent l'incertitude sur les paramètres (chaque réplication a tiré ses paramètres "
              "de la loi a posteriori d'un calibrage) en plus du hasard."},
    "headline.uncertainty.no": {
        "en": "The ranges hold chance alone: the scenario's parameters are fixed.",
        "fr": "Les intervalles ne reflètent que le hasard : les paramètres du scénario sont fixés."},
    "headline.paired": {
        "en": "Means over the replications of each side; the difference is variant − base, paired replication by "
              "replication (common random numbers), with its 95 % interval in brackets.",
        "fr": "Moyennes sur les réplications de chaque côté ; la différence est variante − base, appariée réplication "
              "par réplication (nombres aléatoires communs), avec son intervalle à 95 % entre crochets."},
    "base": {"en": "Base", "fr": "Base"},
    "difference": {"en": "Difference", "fr": "Différence"},
    "flow": {"en": "Stage entered", "fr": "Étape atteinte"},
    "households": {"en": "Households", "fr": "Ménages"},
    "persons": {"en": "Persons", "fr": "Personnes"},
    "flow.referred": {"en": "referred", "fr": "orientés"},
    "flow.enrolled": {"en": "enrolled", "fr": "inscrits"},
    "flow.proposed": {"en": "proposed a territory", "fr": "territoire proposé"},
    "flow.immersed": {"en": "made an immersion visit", "fr": "immersion faite"},
    "flow.committed": {"en": "committed", "fr": "engagés"},
    "flow.matched": {"en": "matched to a job and a dwelling", "fr": "emploi et logement trouvés"},
    "flow.moved": {"en": "moved", "fr": "installés (déménagés)"},
    "flow.settled": {"en": "settled (in work)", "fr": "stabilisés (en emploi)"},
    "flow.returned": {"en": "returned", "fr": "revenus"},
    "flow.withdrawn": {"en": "withdrew", "fr": "sortis du parcours"},
    "cost": {"en": "Cost", "fr": "Coût"},
    "cost.gross_per_moved": {"en": "gross cost per household that moved", "fr": "coût brut par ménage installé"},
    "cost.net_per_moved": {"en": "net cost per household that moved", "fr": "coût net par ménage installé"},
    "cost.gross_per_settled": {"en": "gross cost per household settled", "fr": "coût brut par ménage stabilisé"},
    "cost.net_per_settled": {"en": "net cost per household settled", "fr": "coût net par ménage stabilisé"},
    "euros": {"en": "€", "fr": "€"},
    # Conclusions
    "conclusions": {"en": "In short", "fr": "En bref"},
    "conclusion.run": {
        "en": "From {first} to {last}, {moved} households (5–95 %: {moved_low} to {moved_high}) moved to the {hosts} "
              "host territories, out of {enrolled} enrolled; {settled} settled in work and {returned} returned. "
              "Most moves went to {top}. Each household that moved cost {cost} gross, {net} net of the emergency "
              "accommodation it no longer needs.",
        "fr": "Du {first} au {last}, {moved} ménages (5–95 % : {moved_low} à {moved_high}) se sont installés dans les "
              "{hosts} territoires d'accueil, sur {enrolled} inscrits ; {settled} se sont stabilisés en emploi et "
              "{returned} sont revenus. Les installations sont allées surtout vers {top}. Chaque ménage installé a "
              "coûté {cost} brut, {net} net de l'hébergement d'urgence évité."},
    "conclusion.compare": {
        "en": "Against the base, the variant changes the households that move by {moved} (95 % interval {low} to "
              "{high}), {percent}. {verdict}",
        "fr": "Par rapport à la base, la variante change le nombre de ménages installés de {moved} (intervalle à 95 % "
              "{low} à {high}), {percent}. {verdict}"},
    "conclusion.compare.clear": {"en": "The change is told apart from chance.",
                                 "fr": "Cet écart se distingue du hasard."},
    "conclusion.compare.unclear": {"en": "The change cannot be told apart from chance with these replications.",
                                   "fr": "Cet écart ne se distingue pas du hasard avec ces réplications."},
    "conclusion.capacity": {
        "en": "In its steady state the programme relocates {per_year} households a year ({low} to {high}). {verdict}",
        "fr": "En régime permanent, le programme installe {per_year} ménages par an ({low} à {high}). {verdict}"},
    "conclusion.sweep": {
        "en": "Over the {points} points of the grid, the households moving range from {low} ({low_point}) to {high} "
              "({high_point}), means over the replications.",
        "fr": "Sur les {points} points de la grille, le nombre de ménages installés va de {low} ({low_point}) à {high} "
              "({high_point}), en moyenne sur les réplications."},
    "conclusion.sensitivity": {
        "en": "Of the {levers} levers, {lever} changes the number of households moving the most over its range "
              "(μ* = {mu_star}).",
        "fr": "Des {levers} leviers, {lever} fait le plus varier le nombre de ménages installés sur sa plage (μ* = "
              "{mu_star})."},
    "conclusion.sobol": {
        "en": "Of the {parameters} uncertain parameters, {parameter} has a hand in the largest share of the variance "
              "of households moving (total index {total}).",
        "fr": "Des {parameters} paramètres incertains, {parameter} intervient dans la plus grande part de la variance "
              "du nombre de ménages installés (indice total {total})."},
    "conclusion.calibrate": {
        "en": "{parameters} parameters were calibrated to {targets} observed figures; the table gives each one's "
              "posterior median and 90 % interval, and how close the posterior comes to each figure.",
        "fr": "{parameters} paramètres ont été calibrés sur {targets} chiffres observés ; le tableau donne la médiane "
              "a posteriori de chacun et son intervalle à 90 %, et l'écart à chaque chiffre."},
    # Charts
    "chart.funnel": {"en": "The pathway: households entering each stage, {period}",
                     "fr": "Le parcours : ménages entrant à chaque étape, {period}"},
    "chart.monthly": {"en": "Households moving each month, {period}: the programme (mean and 5–95 %) and each territory (mean)",
                      "fr": "Ménages installés chaque mois, {period} : le programme (moyenne et 5–95 %) et chaque territoire (moyenne)"},
    "programme": {"en": "programme", "fr": "programme"},
    "chart.monthly.y": {"en": "households per month", "fr": "ménages par mois"},
    "chart.waits": {"en": "Weeks spent in each stage before the move, {period}",
                    "fr": "Semaines passées à chaque étape avant l'installation, {period}"},
    "stage.referred": {"en": "referred: intake, then a caseworker", "fr": "orientés : accueil, puis un référent"},
    "stage.enrolled": {"en": "enrolled: diagnosis, then a territory", "fr": "inscrits : diagnostic, puis un territoire"},
    "stage.proposed": {"en": "proposed: an immersion visit", "fr": "proposés : une immersion"},
    "stage.committed": {"en": "committed: a job and a dwelling", "fr": "engagés : un emploi et un logement"},
    "stage.matched": {"en": "matched: preparing the move", "fr": "appariés : préparation du déménagement"},
    "chart.waits.x": {"en": "weeks (mean over the households leaving the stage)",
                      "fr": "semaines (moyenne sur les ménages quittant l'étape)"},
    "chart.map": {"en": "Where households moved: host territories' communes, {period}",
                  "fr": "Où les ménages se sont installés : communes des territoires d'accueil, {period}"},
    "chart.map.note": {"en": "each point a commune, its area proportional to the moves there (mean per replication)",
                       "fr": "chaque point est une commune, sa surface proportionnelle aux installations (moyenne par réplication)"},
    "chart.differences": {"en": "Paired differences, variant − base, {period} (95 % intervals)",
                          "fr": "Différences appariées, variante − base, {period} (intervalles à 95 %)"},
    "chart.territories": {"en": "Households moving, variant − base, per territory, {period} (95 % intervals)",
                          "fr": "Ménages installés, variante − base, par territoire, {period} (intervalles à 95 %)"},
    "chart.capacity": {"en": "Steady-state relocations and the gain from one more unit of each resource, {period}",
                       "fr": "Installations en régime permanent et gain d'une unité de plus de chaque ressource, {period}"},
    "chart.sweep": {"en": "Households moving at each value of {parameter}, {period} (mean and 5–95 %)",
                    "fr": "Ménages installés selon la valeur de {parameter}, {period} (moyenne et 5–95 %)"},
    "chart.sensitivity": {"en": "Morris screening of households moving, {period}",
                          "fr": "Criblage de Morris des ménages installés, {period}"},
    "chart.sobol": {"en": "Sobol' indices of households moving, {period}",
                    "fr": "Indices de Sobol' des ménages installés, {period}"},
    "chart.calibration": {"en": "Prior and posterior of each calibrated parameter",
                          "fr": "Loi a priori et a posteriori de chaque paramètre calibré"},
    "chart.unavailable": {"en": "Not in this file: it was recorded at level “{level}” (record “full” for it).",
                          "fr": "Absent de ce fichier : il a été enregistré au niveau « {level} » (enregistrer « full »)."},
    "axis.difference": {"en": "variant − base (households)", "fr": "variante − base (ménages)"},
    "axis.relocations": {"en": "relocations per year (households/year)", "fr": "installations par an (ménages/an)"},
    "axis.gain": {"en": "relocations gained per year (households/year)", "fr": "installations gagnées par an (ménages/an)"},
    # Tables
    "table.comparison": {"en": "Every outcome, base and variant", "fr": "Chaque résultat, base et variante"},
    "table.territories": {"en": "Households moving per territory, {period}", "fr": "Ménages installés par territoire, {period}"},
    "table.relocations": {"en": "Steady-state relocations per year", "fr": "Installations par an en régime permanent"},
    "table.resources": {"en": "What one more unit of each resource adds", "fr": "Ce qu'ajoute une unité de plus de chaque ressource"},
    "table.sweep": {"en": "Headline outcomes at each point of the grid", "fr": "Résultats principaux en chaque point de la grille"},
    "table.effects": {"en": "Elementary effects of each lever", "fr": "Effets élémentaires de chaque levier"},
    "table.indices": {"en": "Sobol' indices", "fr": "Indices de Sobol'"},
    "table.parameters": {"en": "Calibrated parameters", "fr": "Paramètres calibrés"},
    "table.targets": {"en": "Fit to each target", "fr": "Ajustement à chaque cible"},
    "binding": {"en": "Binding constraint", "fr": "Contrainte limitante"},
    # Provenance
    "provenance": {"en": "How this file was made", "fr": "Origine de ce fichier"},
    "provenance.command": {"en": "Command that reproduces it", "fr": "Commande qui le reproduit"},
    "provenance.version": {"en": "emile version", "fr": "Version d'emile"},
    "provenance.created": {"en": "Results written (UTC)", "fr": "Résultats écrits (UTC)"},
    "provenance.report": {"en": "Report made (UTC)", "fr": "Rapport produit (UTC)"},
    "provenance.scenario": {"en": "The resolved scenario (every parameter)", "fr": "Le scénario résolu (tous les paramètres)"},
}


def text(key: str, language: str, **values: object) -> str:
    """The string `key` in `language`, filled with `values`. KeyError for an unknown key or language."""
    return STRINGS[key][language].format(**values)
