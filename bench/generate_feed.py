"""Write a realistic SAMHSA-format locator feed of any size for the benchmarks.

Rows sit at real ZIP centroids across the whole country (every active standard ZIP of the offline
`zipcodes` data) and reuse the bundled sample's generator for names, care-level archetypes and the
services lists, so the mix of care levels, payments and therapies matches the sample's.

    .venv/bin/python bench/generate_feed.py --rows 30000 --out /tmp/feed-30k.json

The output is one listing envelope, written row by row (memory stays flat at any size). The same
--rows and --seed give the same bytes."""

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import zipcodes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feeds.sample.generate_sample import (
    MH_KINDS,
    NAME2,
    NAMES,
    PREFIXES,
    SA_KINDS,
    SAINTS,
    STREETS,
    SUITES,
    phone,
    pick,
    services,
)


def standard_zips() -> list[dict]:
    return [z for z in zipcodes.list_all() if z["active"] and z["zip_code_type"] == "STANDARD" and z["lat"]]


def rows(count: int, seed: int):
    rng = random.Random(seed)
    places = standard_zips()
    for n in range(count):
        info = rng.choice(places)
        ftype = pick(rng, {"SA": 58, "MH": 42})
        kind = pick(rng, SA_KINDS if ftype == "SA" else MH_KINDS)
        values = {"p": rng.choice(PREFIXES), "saint": rng.choice(SAINTS), **info}
        name1 = rng.choice(NAMES[(ftype, kind)]).format(**values)
        name2 = rng.choice(NAME2[kind]) if rng.random() < 0.25 else ""
        area = (info["area_codes"] or ["555"])[0]
        lat = float(info["lat"]) + rng.uniform(-0.02, 0.02)
        lng = float(info["long"]) + rng.uniform(-0.02, 0.02)
        svc = services(rng, ftype, kind, name1, name2, info["state"], rng.random() < 0.15)
        yield {
            "_irow": n + 1,
            "frid": hashlib.sha1(f"iopfinder-bench|{seed}|{n}".encode()).hexdigest(),
            "name1": name1,
            "name2": name2,
            "street1": f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
            "street2": rng.choice(SUITES) if rng.random() < 0.2 else "",
            "city": info["city"],
            "state": info["state"],
            "zip": info["zip_code"],
            "phone": phone(rng, area),
            "intake1": phone(rng, area) if rng.random() < 0.6 else "",
            "intake2": "",
            "hotline1": "",
            "website": f"https://www.example-{n}.org",
            "latitude": f"{lat:.6f}",
            "longitude": f"{lng:.6f}",
            "miles": 0,
            "typeFacility": ftype,
            "otp_id_number": "",
            "services": svc,
            "services_spanish": "",
        }


def write_feed(path: Path, count: int, seed: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"page": 1, "totalPages": 1, "recordCount": count})[:-1] + ', "rows": [\n')
        for n, row in enumerate(rows(count, seed)):
            out.write(("," if n else "") + json.dumps(row, ensure_ascii=False) + "\n")
        out.write("]}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_feed(args.out, args.rows, args.seed)
    print(f"wrote {args.rows} rows to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
