"""Precision and recall of zones.address_matching on the hand-labelled samples in tests/data/.

    python bench/address_matching.py

address_sample.csv (198 addresses) was used while the matcher was written and extended; address_holdout.csv
(65 others, drawn and labelled after it was first written) was not, so its figures are the fairer estimate.

Reads the zones from data/zones.csv (no database). A prediction is right when it names the labelled zone;
precision = right / predicted, recall = right / labelled with a zone. Confident links (linked without review)
and all proposals (confident + waiting for review) are counted apart.
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zones.address_matching import ZoneMatcher  # noqa: E402


def main() -> None:
    zones = list(csv.DictReader((ROOT / "data/zones.csv").open(encoding="utf-8")))
    provinces = {r["name_zh"]: r["code"] for r in csv.DictReader((ROOT / "data/provinces.csv").open())}
    matcher = ZoneMatcher(zones, provinces)
    for name in ("address_sample.csv", "address_holdout.csv"):
        print(f"== {name}")
        measure(matcher, ROOT / "tests/data" / name)


def measure(matcher, path) -> None:
    sample = list(csv.DictReader(path.open(encoding="utf-8")))
    labelled = sum(1 for r in sample if r["expected_zone_code"])
    tallies = {"confident": [0, 0], "all": [0, 0]}  # predicted, right
    wrong = []
    for row in sample:
        match = matcher.match(row["address"], row["province"])
        if not match:
            continue
        right = match.zone_code == row["expected_zone_code"]
        for key in ("confident", "all") if match.confident else ("all",):
            tallies[key][0] += 1
            tallies[key][1] += right
        if not right:
            wrong.append(
                (row["address"], row["expected_zone_name"] or "(none)", match.zone_name, match.method)
            )
    print(f"sample: {len(sample)} addresses, {labelled} name a zone, {len(sample) - labelled} name none")
    for key, (predicted, right) in tallies.items():
        precision = right / predicted if predicted else 0
        print(
            f"{key:9}: {predicted} predicted, {right} right: "
            f"precision {precision:.1%}, recall {right / labelled:.1%}"
        )
    for item in wrong:
        print("  wrong:", " | ".join(item))


if __name__ == "__main__":
    main()
