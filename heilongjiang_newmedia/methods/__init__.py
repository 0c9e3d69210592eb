"""Methods: indicators, multi-criteria methods (entropy weights, AHP, TOPSIS), survey and inventory statistics."""
