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
    "kind.compare": {"en": "Comparison of a policy variant with its base",
                     "fr": "Comparaison d'une variante avec sa base"},
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
    "flow.housed": {"en": "housed (no longer in work)", "fr": "logés (sans emploi)"},
    "flow.ineligible": {"en": "found ineligible", "fr": "jugés inéligibles"},
    # Outcomes: a flow, or a state at a moment, and a unit
    "unit.households": {"en": "households", "fr": "ménages"},
    "unit.persons": {"en": "persons", "fr": "personnes"},
    "unit.share": {"en": "share", "fr": "part"},
    "unit.euros": {"en": "€", "fr": "€"},
    "moment.follow_up_end": {"en": "at the end of follow-up:", "fr": "en fin de suivi :"},
    "moment.month_12": {"en": "at 12 months:", "fr": "à 12 mois :"},
    "state.employed": {"en": "in work", "fr": "en emploi"},
    "state.housed": {"en": "housed", "fr": "logés"},
    "state.returned": {"en": "returned", "fr": "revenus"},
    "state.censored": {"en": "not yet known (censored)", "fr": "pas encore connus (censurés)"},
    "outcome.visited_share_of_moved": {"en": "moved after an immersion visit (share)",
                                       "fr": "installés après une immersion (part)"},
    "outcome.cost_mobility_aid_eur": {"en": "mobility aid (€)", "fr": "aide à la mobilité (€)"},
    "outcome.cost_gross_eur": {"en": "gross cost (€)", "fr": "coût brut (€)"},
    "outcome.cost_avoided_eur": {"en": "emergency accommodation avoided (€)", "fr": "hébergement d'urgence évité (€)"},
    "outcome.cost_net_eur": {"en": "net cost (€)", "fr": "coût net (€)"},
    "outcome.cost_gross_per_moved_eur": {"en": "gross cost per household that moved (€)",
                                         "fr": "coût brut par ménage installé (€)"},
    "outcome.cost_net_per_moved_eur": {"en": "net cost per household that moved (€)",
                                       "fr": "coût net par ménage installé (€)"},
    "outcome.cost_gross_per_settled_eur": {"en": "gross cost per household settled (€)",
                                           "fr": "coût brut par ménage stabilisé (€)"},
    "outcome.cost_net_per_settled_eur": {"en": "net cost per household settled (€)",
                                         "fr": "coût net par ménage stabilisé (€)"},
    "cost": {"en": "Cost", "fr": "Coût"},
    "cost.gross_per_moved": {"en": "gross cost per household that moved", "fr": "coût brut par ménage installé"},
    "cost.net_per_moved": {"en": "net cost per household that moved", "fr": "coût net par ménage installé"},
    "cost.gross_per_settled": {"en": "gross cost per household settled", "fr": "coût brut par ménage stabilisé"},
    "cost.net_per_settled": {"en": "net cost per household settled", "fr": "coût net par ménage stabilisé"},
    "euros": {"en": "€", "fr": "€"},
    # Conclusions
    "conclusions": {"en": "In short", "fr": "En bref"},
    "conclusion.origins": {
        "en": "By origin, the households moving and the net cost of each (the host territories' caseworkers aside: "
              "they serve every origin): {parts}.",
        "fr": "Par origine, les ménages installés et le coût net de chacun (hors référents des territoires d'accueil, "
              "qui servent toutes les origines) : {parts}."},
    "conclusion.origin": {"en": "{name}, {moved} households at {net} each",
                          "fr": "{name}, {moved} ménages à {net} chacun"},
    "conclusion.origins.separator": {"en": "; ", "fr": " ; "},
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
        "en": "{parameters} parameters were calibrated to {targets} observed figures; the tables give each one's "
              "posterior median and 90 % interval. For {within} of the {targets} figures the posterior's 90 % range "
              "comes within the figure's tolerance.",
        "fr": "{parameters} paramètres ont été calibrés sur {targets} chiffres observés ; les tableaux donnent la "
              "médiane a posteriori de chacun et son intervalle à 90 %. Pour {within} des {targets} chiffres, "
              "l'intervalle à 90 % a posteriori atteint la tolérance du chiffre."},
    # The binding constraint (capacity)
    "verdict.no_resource": {"en": "No resource was tested.", "fr": "Aucune ressource n'a été testée."},
    "verdict.one_replication": {
        "en": "No resource is named binding: one replication shows no spread; run at least 2 to test the gains.",
        "fr": "Aucune ressource n'est désignée comme limitante : une seule réplication ne montre aucune dispersion ; "
              "il en faut au moins 2 pour tester les gains."},
    "verdict.binds": {
        "en": "What binds is {top}: one more adds {gain} relocations a year ({low} to {high}; Holm-corrected p = "
              "{p}, {tested} of {count} resources tested), more than any other resource adds.",
        "fr": "Ce qui limite, c'est {top} : une unité de plus ajoute {gain} installations par an ({low} à {high} ; p "
              "corrigé de Holm = {p}, {tested} ressources testées sur {count}), plus que toute autre ressource."},
    "verdict.not_significant": {
        "en": "No resource is named binding: no gain can be told apart from 0 after a Holm correction ({tested} of "
              "{count} resources tested; the largest, {top}, {gain} relocations a year, corrected p = {p}).",
        "fr": "Aucune ressource n'est désignée comme limitante : aucun gain ne se distingue de 0 après une correction "
              "de Holm ({tested} ressources testées sur {count} ; le plus grand, {top}, {gain} installations par an, "
              "p corrigé = {p})."},
    "verdict.not_separated": {
        "en": "No resource is named binding: the two largest gains cannot be told apart: {top}, {gain}, and "
              "{second}, {second_gain} relocations a year.",
        "fr": "Aucune ressource n'est désignée comme limitante : les deux plus grands gains ne se distinguent pas "
              "l'un de l'autre : {top}, {gain}, et {second}, {second_gain} installations par an."},
    "verdict.separate": {
        "en": "About {replications} replications would separate {top} from {second}.",
        "fr": "Environ {replications} réplications départageraient {top} et {second}."},
    "verdict.equal": {"en": "The top two gain the same in every replication.",
                      "fr": "Les deux premières gagnent autant dans chaque réplication."},
    "resource.origin_caseworker": {"en": "a caseworker ({territory})", "fr": "un référent ({territory})"},
    "resource.idf_caseworker": {"en": "a caseworker ({territory})", "fr": "un référent ({territory})"},  # schema ≤ 11
    "resource.territory_caseworker": {"en": "a caseworker ({territory})", "fr": "un référent ({territory})"},
    "resource.immersion_slot": {"en": "an immersion visit a month ({territory})",
                                "fr": "une immersion par mois ({territory})"},
    "resource.reserved_dwelling": {"en": "a reserved dwelling ({territory})",
                                   "fr": "un logement réservé ({territory})"},
    "resource.vacancies": {"en": "10 % more vacancies ({territory})",
                           "fr": "10 % d'offres d'emploi en plus ({territory})"},
    "resource.referrals": {"en": "10 % more referrals ({territory})",
                           "fr": "10 % d'orientations en plus ({territory})"},
    "capacity.closed": {"en": "Closed over the whole window, left out of the tables: {codes}.",
                        "fr": "Fermés sur toute la fenêtre, absents des tableaux : {codes}."},
    # Charts
    "chart.funnel": {"en": "The pathway: households entering each stage, {period}",
                     "fr": "Le parcours : ménages entrant à chaque étape, {period}"},
    "chart.monthly": {
        "en": "Households moving each month, {period}: the programme (mean and 5–95 %) and the territories with the "
              "most moves (mean)",
        "fr": "Ménages installés chaque mois, {period} : le programme (moyenne et 5–95 %) et les territoires qui en "
              "reçoivent le plus (moyenne)"},
    "programme": {"en": "programme", "fr": "programme"},
    "chart.monthly.y": {"en": "households per month", "fr": "ménages par mois"},
    "chart.monthly.others": {"en": "{count} other territories", "fr": "{count} autres territoires"},
    "chart.waits": {"en": "Weeks spent in each stage before the move, {period}",
                    "fr": "Semaines passées à chaque étape avant l'installation, {period}"},
    "stage.referred": {"en": "referred: intake, then a caseworker", "fr": "orientés : accueil, puis un référent"},
    "stage.enrolled": {"en": "enrolled: diagnosis, then a territory",
                       "fr": "inscrits : diagnostic, puis un territoire"},
    "stage.proposed": {"en": "proposed: an immersion visit", "fr": "proposés : une immersion"},
    "stage.committed": {"en": "committed: a job and a dwelling", "fr": "engagés : un emploi et un logement"},
    "stage.matched": {"en": "matched: preparing the move", "fr": "appariés : préparation du déménagement"},
    "chart.waits.x": {"en": "weeks (mean over the households leaving the stage)",
                      "fr": "semaines (moyenne sur les ménages quittant l'étape)"},
    "chart.map": {"en": "Where households moved: host territories' communes, {period}",
                  "fr": "Où les ménages se sont installés : communes des territoires d'accueil, {period}"},
    "chart.map.note": {
        "en": "each point a commune, its area proportional to the moves there (mean per replication)",
        "fr": "chaque point est une commune, sa surface proportionnelle aux installations (moyenne par réplication)"},
    "chart.map.note.territories": {
        "en": "each point a territory's centre, its area proportional to the moves there (mean per replication); "
              "the file was recorded at level “{level}”: record “full” for communes",
        "fr": "chaque point est le centre d'un territoire, sa surface proportionnelle aux installations (moyenne par "
              "réplication) ; le fichier a été enregistré au niveau « {level} » : enregistrer « full » pour les "
              "communes"},
    "chart.differences": {"en": "Paired differences, variant − base, {period} (95 % intervals)",
                          "fr": "Différences appariées, variante − base, {period} (intervalles à 95 %)"},
    "chart.territories": {"en": "Households moving, variant − base, per territory, {period} (95 % intervals)",
                          "fr": "Ménages installés, variante − base, par territoire, {period} (intervalles à 95 %)"},
    "chart.relocations": {"en": "Steady-state relocations per year, {period} (95 % intervals)",
                          "fr": "Installations par an en régime permanent, {period} (intervalles à 95 %)"},
    "chart.capacity": {"en": "Relocations a year gained from one more unit of each resource, {period} (95 % intervals)",
                       "fr": "Installations par an gagnées avec une unité de plus de chaque ressource, {period} "
                             "(intervalles à 95 %)"},
    "chart.sweep": {"en": "Households moving at each value of {parameter}, {period} (mean and 5–95 %)",
                    "fr": "Ménages installés selon la valeur de {parameter}, {period} (moyenne et 5–95 %)"},
    "chart.sensitivity": {"en": "Morris screening of households moving, {period}",
                          "fr": "Criblage de Morris des ménages installés, {period}"},
    "chart.sobol": {"en": "Sobol' indices of households moving, {period}",
                    "fr": "Indices de Sobol' des ménages installés, {period}"},
    "chart.calibration": {"en": "Prior and posterior of each calibrated parameter",
                          "fr": "Loi a priori et a posteriori de chaque paramètre calibré"},
    "chart.calibration.note": {
        "en": "prior: its mean and range; posterior: its median and 90 % interval",
        "fr": "a priori : moyenne et plage ; a posteriori : médiane et intervalle à 90 %"},
    "prior": {"en": "prior", "fr": "a priori"},
    "posterior": {"en": "posterior", "fr": "a posteriori"},
    "chart.fit": {"en": "Fit to each observed figure", "fr": "Ajustement à chaque chiffre observé"},
    "chart.fit.note": {
        "en": "the posterior's simulated value minus the observed one, in tolerances: median and 90 % range; the "
              "green band is within one tolerance",
        "fr": "valeur simulée a posteriori moins valeur observée, en tolérances : médiane et intervalle à 90 % ; la "
              "bande verte est à moins d'une tolérance"},
    "chart.unavailable": {
        "en": "Not in this file: it was recorded at level “{level}” (record “{needed}” for it).",
        "fr": "Absent de ce fichier : il a été enregistré au niveau « {level} » (enregistrer « {needed} »)."},
    "axis.difference": {"en": "variant − base (households)", "fr": "variante − base (ménages)"},
    "axis.relocations": {"en": "relocations per year (households/year)", "fr": "installations par an (ménages/an)"},
    "axis.gain": {"en": "relocations gained per year (households/year)",
                  "fr": "installations gagnées par an (ménages/an)"},
    "axis.mu_star": {"en": "μ*: mean absolute elementary effect (households per lever range)",
                     "fr": "μ* : effet élémentaire absolu moyen (ménages par plage du levier)"},
    "axis.sigma": {"en": "σ: spread of the elementary effects (households per lever range)",
                   "fr": "σ : dispersion des effets élémentaires (ménages par plage du levier)"},
    "axis.variance_share": {"en": "share of the variance of households moving",
                            "fr": "part de la variance du nombre de ménages installés"},
    "axis.fit": {"en": "(simulated − observed) ÷ tolerance", "fr": "(simulé − observé) ÷ tolérance"},
    # Tables
    "table.comparison": {"en": "Every outcome, base and variant", "fr": "Chaque résultat, base et variante"},
    "table.origin_host": {"en": "Households moving from each origin to each host, {period} (mean over the replications)",
                          "fr": "Ménages installés de chaque origine vers chaque territoire d'accueil, {period} "
                                "(moyenne sur les réplications)"},
    "capacity.origin_row": {"en": "households from {name}", "fr": "ménages venus de {name}"},
    "table.compare_origin_host": {"en": "Households moving from each origin to each host, {period}: base and variant",
                                  "fr": "Ménages installés de chaque origine vers chaque territoire d'accueil, "
                                        "{period} : base et variante"},
    "table.origin_costs": {"en": "What each origin costs, {period} (mean over the replications; € and households)",
                           "fr": "Ce que coûte chaque origine, {period} (moyenne sur les réplications ; € et ménages)"},
    "origin.hosts": {"en": "hosts' caseworkers (every origin)",
                     "fr": "référents des territoires d'accueil (toutes origines)"},
    "table.territories": {"en": "Households moving per territory, {period}",
                          "fr": "Ménages installés par territoire, {period}"},
    "table.relocations": {"en": "Steady-state relocations per year, {period}",
                          "fr": "Installations par an en régime permanent, {period}"},
    "table.resources": {"en": "What one more unit of each resource adds, {period}",
                        "fr": "Ce qu'ajoute une unité de plus de chaque ressource, {period}"},
    "table.sweep": {"en": "Households moving at each point of the grid, {period}",
                    "fr": "Ménages installés en chaque point de la grille, {period}"},
    "table.effects": {"en": "Elementary effects of each lever", "fr": "Effets élémentaires de chaque levier"},
    "table.indices": {"en": "Sobol' indices", "fr": "Indices de Sobol'"},
    "table.parameters": {"en": "Calibrated parameters", "fr": "Paramètres calibrés"},
    "table.targets": {"en": "Fit to each target", "fr": "Ajustement à chaque cible"},
    # Table columns
    "column.outcome": {"en": "outcome", "fr": "résultat"},
    "column.base_mean": {"en": "base (mean)", "fr": "base (moyenne)"},
    "column.variant_mean": {"en": "variant (mean)", "fr": "variante (moyenne)"},
    "column.difference": {"en": "difference", "fr": "différence"},
    "column.ci_low": {"en": "95 % low", "fr": "95 % bas"},
    "column.ci_high": {"en": "95 % high", "fr": "95 % haut"},
    "column.percent": {"en": "change (%)", "fr": "évolution (%)"},
    "column.percent_low": {"en": "change, 95 % low", "fr": "évolution, 95 % bas"},
    "column.percent_high": {"en": "change, 95 % high", "fr": "évolution, 95 % haut"},
    "column.host": {"en": "host", "fr": "accueil"},
    "column.gross_eur": {"en": "gross cost", "fr": "coût brut"},
    "column.avoided_eur": {"en": "emergency nights avoided", "fr": "nuitées d'urgence évitées"},
    "column.net_eur": {"en": "net cost", "fr": "coût net"},
    "column.moved_households": {"en": "households moving", "fr": "ménages installés"},
    "column.net_per_moved_eur": {"en": "net per household moving", "fr": "net par ménage installé"},
    "column.net_per_settled_eur": {"en": "net per household settled", "fr": "net par ménage stabilisé"},
    "column.territory": {"en": "code", "fr": "code"},
    "column.name": {"en": "territory", "fr": "territoire"},
    "column.per_year": {"en": "households a year", "fr": "ménages par an"},
    "column.resource": {"en": "one more unit", "fr": "une unité de plus"},
    "column.mean_wait_weeks": {"en": "mean wait (weeks)", "fr": "attente moyenne (semaines)"},
    "column.gain_per_year": {"en": "relocations gained a year", "fr": "installations gagnées par an"},
    "column.holm_p_value": {"en": "p (Holm)", "fr": "p (Holm)"},
    "column.cost_eur_per_year": {"en": "cost (€ a year)", "fr": "coût (€ par an)"},
    "column.gain_per_100k_eur": {"en": "gained per 100 000 € a year", "fr": "gagnées pour 100 000 € par an"},
    "column.point": {"en": "point", "fr": "point"},
    "column.mean": {"en": "mean", "fr": "moyenne"},
    "column.q05": {"en": "5 %", "fr": "5 %"},
    "column.q50": {"en": "median", "fr": "médiane"},
    "column.q95": {"en": "95 %", "fr": "95 %"},
    "column.lever": {"en": "lever", "fr": "levier"},
    "column.mu": {"en": "μ", "fr": "μ"},
    "column.mu_star": {"en": "μ*", "fr": "μ*"},
    "column.sigma": {"en": "σ", "fr": "σ"},
    "column.mu_star_low": {"en": "μ*, 95 % low", "fr": "μ*, 95 % bas"},
    "column.mu_star_high": {"en": "μ*, 95 % high", "fr": "μ*, 95 % haut"},
    "column.sigma_low": {"en": "σ, 95 % low", "fr": "σ, 95 % bas"},
    "column.sigma_high": {"en": "σ, 95 % high", "fr": "σ, 95 % haut"},
    "column.parameter": {"en": "parameter", "fr": "paramètre"},
    "column.first": {"en": "first order", "fr": "premier ordre"},
    "column.first_low": {"en": "first order, 95 % low", "fr": "premier ordre, 95 % bas"},
    "column.first_high": {"en": "first order, 95 % high", "fr": "premier ordre, 95 % haut"},
    "column.total": {"en": "total", "fr": "total"},
    "column.total_low": {"en": "total, 95 % low", "fr": "total, 95 % bas"},
    "column.total_high": {"en": "total, 95 % high", "fr": "total, 95 % haut"},
    "column.key": {"en": "parameter", "fr": "paramètre"},
    "column.prior": {"en": "prior", "fr": "loi a priori"},
    "column.low": {"en": "prior low", "fr": "borne basse"},
    "column.high": {"en": "prior high", "fr": "borne haute"},
    "column.prior_mean": {"en": "prior mean", "fr": "moyenne a priori"},
    "column.origin": {"en": "origin", "fr": "origine"},
    "column.target": {"en": "observed figure", "fr": "chiffre observé"},
    "column.date": {"en": "date", "fr": "date"},
    "column.observed": {"en": "observed", "fr": "observé"},
    "column.tolerance": {"en": "tolerance", "fr": "tolérance"},
    "column.source": {"en": "source", "fr": "source"},
    # Provenance
    "provenance": {"en": "How this file was made", "fr": "Origine de ce fichier"},
    "provenance.command": {"en": "Command that reproduces it", "fr": "Commande qui le reproduit"},
    "provenance.version": {"en": "emile version", "fr": "Version d'emile"},
    "provenance.created": {"en": "Results written (UTC)", "fr": "Résultats écrits (UTC)"},
    "provenance.report": {"en": "Report made (UTC)", "fr": "Rapport produit (UTC)"},
    "provenance.scenario": {"en": "The resolved scenario (every parameter)",
                            "fr": "Le scénario résolu (tous les paramètres)"},
}


def text(key: str, language: str, **values: object) -> str:
    """The string `key` in `language`, filled with `values`. KeyError for an unknown key or language."""
    return STRINGS[key][language].format(**values)
