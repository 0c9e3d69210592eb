"""Methods: pure functions over loaded tables. Descriptive indicators (``indicators``), multi-criteria methods
(``mcda``: entropy weights, AHP, TOPSIS, sensitivity), survey statistics (``survey``: Cronbach's alpha, scores, IPA)
and account-inventory indicators (``inventory``). Imports only ``loading``."""
