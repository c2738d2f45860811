"""Competitive selection: criteria, evaluators' scores, ranking, seat allocation, results.

For now the pure rules only (no Django app yet): ``scales`` (grade normalisation, language
certificates to CEFR), ``ranking`` (totals, tie rules, partner rankings, evaluators' scores),
``allocation`` (deferred acceptance and its explanation) and ``defaults`` (sourced tables).
"""
