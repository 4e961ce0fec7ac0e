"""The domain's rules in plain Python (no Django): one home for each.

``populations`` target groups and the two housing populations; ``households`` what
makes a family, the adult age, the household type of the rent caps, food distribution;
``deadlines`` the take-over (15 working days, the quota refugees' month) and the first
month's deadlines. The programme's hours norms, work obligation and placement lengths
are in ``programme``, weekly attendance against the plan in ``compliance``, the Danish
education tracks in ``danish``; the nine allocation rules in ``velkomst/engine/rules.py``.
"""
