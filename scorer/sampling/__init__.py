"""Audit sampling: plan a sample size, draw the sample reproducibly, record reviews, evaluate.

Modules, one concern each (the structure of jfa's planning() / selection() / evaluation()):
`distributions` (pure-Python incomplete beta/gamma and hypergeometric), `planning` (sample sizes),
`bounds` (upper error limits shared by planning and evaluation), `selection` (drawing items),
`population` (reading CSV lists and stored audit runs), `store` (samples and reviews in SQLite),
`evaluation` (most likely error, upper bound, conclusion), `cli` (the `perfscore sample` group).
"""
