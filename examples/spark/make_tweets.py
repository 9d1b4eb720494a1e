#!/usr/bin/env python3
"""Writes a synthetic set of tweets for the Spark example, its CI check and benchmarks.

    python make_tweets.py N OUT.jsonl [--seed S] [--missing-text K]
    python make_tweets.py N OUT.parquet            (needs pyarrow)

One object per line: {"id": "t0000001", "text": "...", "direction": "incoming"}; about one
tweet in eight carries sensitive data (emails, phone numbers, card numbers, order numbers,
addresses, passwords...), some outgoing drafts ask for data in public, some have emoji and
non-ASCII text. The same N and seed always give the same file. `--missing-text K` drops the
text of K lines (spread evenly) to exercise error rows.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

HANDLES = ["@AcmeAir", "@ShopCo", "@TelcoHelp", "@BankOfNowhere", "@ParcelPost", ""]
CLEAN = [
    "my flight was delayed again, any update?",
    "love the new app update 😍",
    "why is the wifi so slow today #fail",
    "thanks for the quick help yesterday!",
    "où est mon colis ? 📦 ça fait une semaine",
    "the store on the high street closed early again",
    "is the sale still on this weekend? $ACME",
    "great service from your team at the airport 👏👏",
    "can't log in to the app since the update, is it down?",
    "your hold music is a bop honestly 🎶",
    "any news on the new routes to Lisbon? https://example.com/routes",
    "Wir warten seit 2 Stunden am Gate 12 😤",
    "booked my holiday with you for the 3rd year running ✈️",
    "the parcel tracker says delivered but nothing here",
    "I was charged twice this month, please help",
    "someone hacked my account, what do I do??",
]
PII = [
    "my email is {email}, please get back to me",
    "call me on {phone} asap",
    "my card {card} was charged twice",
    "order #{order} never arrived 😡",
    "my account number is {account}, can you check it",
    "ship it to {address} instead please",
    "my password is {password} and it still fails",
    "refund to IBAN {iban} please",
    "reach me at {email} or {phone}",
    "DOB {dob}, what else do you need?",
]
OUTGOING = [
    "Sorry about that! Can you reply with your order number?",
    "Please DM us your email address and we'll look into it.",
    "Thanks for reaching out! We've passed this to the team.",
    "Hi there, could you post your phone number so we can call you?",
    "We're sorry for the delay. Please send us a DM with your booking reference.",
    "Hi! Please call us on 1-800-555-0199 and we'll sort it out.",
]
FIRST = ["jo", "sam", "alex", "maria", "li", "noor", "kofi", "ana", "pat", "yuki"]
LAST = ["doe", "smith", "garcia", "nguyen", "okafor", "rossi", "kim", "silva"]
STREETS = ["Main St", "Oak Avenue", "Elm Road", "High Street", "Maple Drive"]
CITIES = ["Springfield, IL 62704", "Portland, OR 97201", "Austin, TX 78701"]


def luhn_card(rng: random.Random) -> str:
    digits = [4] + [rng.randrange(10) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i : i + 4] for i in range(0, 16, 4))


def fill(template: str, rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    values = {
        "email": f"{first}.{last}{rng.randrange(100)}@example.com",
        "phone": f"(415) 555-01{rng.randrange(100):02d}",
        "card": luhn_card(rng),
        "order": f"{rng.randrange(10**7, 10**8)}",
        "account": f"{rng.randrange(10**9, 10**10)}",
        "address": f"{rng.randrange(1, 999)} {rng.choice(STREETS)}, {rng.choice(CITIES)}",
        "password": f"{first.capitalize()}{rng.randrange(1000)}!x",
        "iban": "GB82 WEST 1234 5698 7654 32",
        "dob": f"{rng.randrange(1, 28):02d}/{rng.randrange(1, 12):02d}/19{rng.randrange(50, 99)}",
    }
    return template.format(**values)


def tweet(i: int, rng: random.Random) -> dict:
    r = rng.random()
    if r < 0.15:
        return {"id": f"t{i:07d}", "text": fill(rng.choice(OUTGOING), rng), "direction": "outgoing"}
    handle = rng.choice(HANDLES)
    body = fill(rng.choice(PII), rng) if r < 0.27 else rng.choice(CLEAN)
    text = f"{handle} {body}".strip()
    item = {"id": f"t{i:07d}", "text": text}
    if rng.random() < 0.5:
        item["direction"] = "incoming"
    return item


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--missing-text", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    gap = args.n // args.missing_text if args.missing_text else 0
    items = []
    for i in range(1, args.n + 1):
        t = tweet(i, rng)
        if gap and i % gap == gap // 2:
            del t["text"]
        items.append(t)
    if args.out.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(
            {
                "id": [t["id"] for t in items],
                "text": [t.get("text") for t in items],
                "direction": [t.get("direction") for t in items],
            }
        )
        pq.write_table(table, args.out)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            for t in items:
                f.write(json.dumps(t, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
