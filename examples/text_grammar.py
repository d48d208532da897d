"""A seeded grammar of short movie reviews, written to a folder per class (no download).

Used by the sentiment and Transformer examples. Negation makes word order matter:
"the plot was not dull" is positive although "dull" is a negative word.

    write_reviews(root, per_class=500, seed=0)   # root/neg/*.txt, root/pos/*.txt
"""

import os

import numpy as np

SUBJECTS = ["the movie", "the film", "this show", "the plot", "the acting", "the soundtrack", "the ending",
            "the cast", "the script", "the director's work"]
VERBS = ["was", "is", "felt", "seemed"]
INTENSIFIERS = ["", "really", "very", "truly", "quite", "so", "rather"]
POSITIVE = ["great", "wonderful", "brilliant", "moving", "fun", "superb", "charming", "gripping"]
NEGATIVE = ["boring", "awful", "dull", "terrible", "messy", "bland", "clumsy", "tedious"]
JOINERS = ["and", "but also", "and honestly"]
FILLERS = ["I saw it last week.", "My friends came along.", "It was a rainy evening.", "", "", ""]


def clause(gen, positive: bool) -> str:
    """One clause whose sentiment is ``positive``; a negated opposite word 30% of the time."""
    negate = gen.random() < 0.3
    words = NEGATIVE if positive == negate else POSITIVE
    parts = [gen.choice(SUBJECTS), gen.choice(VERBS), gen.choice(INTENSIFIERS), "not" if negate else "",
             gen.choice(words)]
    return " ".join(p for p in parts if p)


def review(gen, positive: bool) -> str:
    """A review of one or two clauses, all of one sentiment, with some filler."""
    clauses = [clause(gen, positive) for _ in range(int(gen.integers(1, 3)))]
    text = f" {gen.choice(JOINERS)} ".join(clauses)
    return (gen.choice(FILLERS) + " " + text.capitalize() + ".").strip()


def write_reviews(root, per_class: int = 500, seed: int = 0) -> None:
    """Write ``per_class`` reviews to ``root/neg`` and ``root/pos`` (one ``.txt`` file each)."""
    gen = np.random.default_rng(seed)
    for label, positive in (("neg", False), ("pos", True)):
        os.makedirs(os.path.join(root, label), exist_ok=True)
        for i in range(per_class):
            with open(os.path.join(root, label, f"{i}.txt"), "w", encoding="utf-8") as f:
                f.write(review(gen, positive))
