#!/usr/bin/env python3
"""peer_themes.py DIR - the supervised ceiling of a labelled themes task.

Reads DIR/features.mtx (the features libmctext's themes are found in,
one unit-length row per record) and DIR/labels.txt (each record's true
category, 0..4), and prints the 5-fold stratified cross-validated accuracy
of a logistic regression (scikit-learn, C chosen by an inner 5-fold
search over 0.1 .. 100) as

    supervised,ACCURACY
"""
import sys

import numpy as np
from scipy.io import mmread
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

d = sys.argv[1]
X = mmread(d + "/features.mtx").tocsr()
y = np.loadtxt(d + "/labels.txt", dtype=int)
inner = GridSearchCV(LogisticRegression(max_iter=5000),
                     {"C": [0.1, 1, 10, 100]},
                     cv=StratifiedKFold(5, shuffle=True, random_state=0))
outer = StratifiedKFold(5, shuffle=True, random_state=1)
acc = cross_val_score(inner, X, y, cv=outer)
print("supervised,%.4f" % acc.mean())
