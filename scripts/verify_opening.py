#!/usr/bin/env python3
"""Checks a finished opening of a concert's waiting room against the API (docs/fairness.md).

    scripts/verify_opening.py http://localhost:8080 42 [--commitment HEX] [--token QUEUE_TOKEN]

--commitment: the commitment you saw before the opening (GET .../opening then); without it the
              one the API shows now is used, which proves less.
--token:      your queue token: checks that your token was in the pre-queue and prints your place.
Exit status 0 when every check passes, 1 otherwise. Python 3 standard library only.
"""
import argparse
import base64
import hashlib
import json
import sys
import urllib.request


def opening_order(seed: bytes, token_ids):
    """The documented order: ascending by the first 52 bits (13 hex digits) of
    SHA-256(seed || UTF-8(tokenId)), ties by the UTF-8 bytes of tokenId."""
    return sorted(token_ids, key=lambda t: (int(hashlib.sha256(seed + t.encode("utf-8")).hexdigest()[:13], 16),
                                            t.encode("utf-8")))


def opening_order_full_digest(seed: bytes, token_ids):
    """The order of openings published before 2026-12-07's change (their orderFunction says so):
    ascending by the whole SHA-256(seed || UTF-8(tokenId)), ties by tokenId."""
    return sorted(token_ids, key=lambda t: (hashlib.sha256(seed + t.encode("utf-8")).digest(), t))


def order_function(opening):
    """The function the publication names: the 52-bit key, or the whole digest of earlier openings."""
    return opening_order if "52 bits" in opening["orderFunction"] else opening_order_full_digest


def token_id(token: str) -> str:
    payload = token.split(".")[0]
    payload += "=" * (-len(payload) % 4)
    return base64.urlsafe_b64decode(payload).decode("utf-8").split("|")[1]


def fetch(url: str, page: int):
    with urllib.request.urlopen(f"{url}?page={page}") as response:
        return json.load(response)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url")
    parser.add_argument("concert_id", type=int)
    parser.add_argument("--commitment")
    parser.add_argument("--token")
    args = parser.parse_args()

    url = f"{args.base_url.rstrip('/')}/api/v1/concerts/{args.concert_id}/opening"
    opening = fetch(url, 1)
    if opening["status"] != "OPENED":
        print(f"not opened yet (status {opening['status']}); commitment {opening['commitment']}")
        return 1
    # The order comes in pages (pageSize ids each); every page repeats the seed and the sizes.
    order = list(opening["order"])
    for page in range(2, opening["pages"] + 1):
        part = fetch(url, page)
        if (part["seed"], part["commitment"], part["preQueueSize"]) != \
                (opening["seed"], opening["commitment"], opening["preQueueSize"]):
            print(f"FAIL: page {page} disagrees with page 1 on the seed, commitment or size")
            return 1
        order += part["order"]

    ok = True
    seed = bytes.fromhex(opening["seed"])
    commitment = args.commitment or opening["commitment"]
    if hashlib.sha256(seed).hexdigest() != commitment.lower():
        print("FAIL: SHA-256(seed) is not the commitment")
        ok = False
    else:
        print(f"ok: SHA-256(seed) = {commitment}" + ("" if args.commitment else " (as the API shows it now)"))

    # The pre-queue is the set of ids in the order: each once, as many as it had.
    if len(order) != opening["preQueueSize"] or len(set(order)) != len(order):
        print(f"FAIL: the order has {len(order)} ids ({len(set(order))} distinct), not the pre-queue's {opening['preQueueSize']}")
        ok = False
    recomputed = order_function(opening)(seed, order)
    if recomputed != order:
        print("FAIL: the published order is not the order the seed gives")
        ok = False
    else:
        print(f"ok: the order of all {len(order)} pre-queued tokens follows from the seed")

    if args.token:
        mine = token_id(args.token)
        if mine in order:
            print(f"ok: your token {mine} was drawn at place {order.index(mine) + 1} of {len(order)}")
        else:
            print(f"FAIL: your token {mine} is not in the published pre-queue")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
