"""Multi-criteria decision analysis (MCDA): normalisation, entropy and AHP weights, TOPSIS, composites.

Methods reference for chapters 2 (indicator system and weights) and 5 (composite ranking of provinces).
All functions are pure. The decision matrix is a ``pd.DataFrame`` with one row per *alternative* (province,
city) and one column per *criterion* (indicator); ``directions`` maps every criterion to ``"benefit"``
(larger is better) or ``"cost"`` (smaller is better). Weights are ``pd.Series`` indexed by criterion that
sum to 1.

The package is the public API (``from heilongjiang_newmedia.methods import mcda``; ``mcda.entropy_weights``,
``mcda.ahp``, ``mcda.topsis``, ...); the methods live in three modules, each with its formulas and references:

* :mod:`.matrix` — the decision matrix: validation of directions and weights, min-max / linear-max
  normalisation with explicit missing-value handling, the error types;
* :mod:`.weights` — where weights come from: the entropy weight method (熵权法), AHP with Saaty's consistency
  ratio, and the combination of subjective and objective weights;
* :mod:`.ranking` — what is done with them: TOPSIS, the weighted composite and the one-at-a-time weight
  sensitivity of a ranking.
"""
from heilongjiang_newmedia.methods.mcda.matrix import (
    Direction, MCDAError, NormalizationResult, normalize, validate_directions, validate_weights,
)
from heilongjiang_newmedia.methods.mcda.ranking import topsis, weight_scenarios, weight_sensitivity, weighted_composite
from heilongjiang_newmedia.methods.mcda.weights import (
    SAATY_RI, AHPError, AHPResult, InconsistentJudgmentError, ahp, combine_weights, entropy_table, entropy_weights,
)

__all__ = [
    "MCDAError", "AHPError", "InconsistentJudgmentError", "SAATY_RI", "NormalizationResult", "AHPResult",
    "validate_weights", "validate_directions", "normalize", "entropy_weights", "entropy_table", "ahp",
    "topsis", "weighted_composite", "combine_weights", "weight_scenarios", "weight_sensitivity", "Direction",
]
