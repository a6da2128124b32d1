#!/usr/bin/env python3
"""Helpers of wrk/bench.sh (standard library only).

  concert   create a concert with N schedules through the admin API; prints the schedule ids
  prepare   issue tokens for N new users, charge their balances, poll until every token is
            ACTIVE; writes "userId token" lines (the file the wrk scripts read)
  record    turn the BENCH_RESULT line(s) of one or more wrk outputs into one JSON line
  check     correctness of the data left behind (Postgres and Redis); exit 1 on any failure
  report    the markdown table of a run's results
  opening-prepare  the "sale opening" scenario: a concert whose sale opens in --lead seconds and a
            pre-queue of --tokens tokens in its room; prints shell assignments for bench.sh
  opening-report   after the opening: shuffle time, first admission's delay, poll throughput, and
            the fairness check (commitment, recomputed order, rank correlation with the join order)

Preparation talks HTTP/1.1 keep-alive over asyncio streams: a few thousand users take seconds,
where a process per request (curl) would take minutes on 2 cores.
"""
import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid


# --------------------------------------------------------------------------------- HTTP client

class Http:
    """One keep-alive HTTP/1.1 connection; enough of the protocol for this server's answers."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method, path, headers=None, body=None):
        for attempt in range(3):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                return await self._exchange(method, path, headers or {}, body)
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.writer = None
                if attempt == 2:
                    raise
                await asyncio.sleep(0.2)

    async def _exchange(self, method, path, headers, body):
        data = json.dumps(body).encode() if body is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(data)}"]
        if body is not None:
            lines.append("Content-Type: application/json")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        head = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            k, _, v = line.decode("latin-1").partition(":")
            head[k.strip().lower()] = v.strip()
        if head.get("transfer-encoding", "").lower() == "chunked":
            raw = b""
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                raw += chunk[:-2]
        else:
            raw = await self.reader.readexactly(int(head.get("content-length", "0")))
        if head.get("connection", "").lower() == "close":
            self.writer.close()
            self.writer = None
        return status, (json.loads(raw) if raw else None)


def split_base(base):
    hostport = base.split("://", 1)[-1].rstrip("/")
    host, _, port = hostport.partition(":")
    return host, int(port or 80)


# --------------------------------------------------------------------------------- commands

def cmd_concert(a):
    async def run():
        http = Http(*split_base(a.base))
        day = 86400
        schedules = [{"startsAt": time.strftime("%Y-%m-%dT19:00:00Z", time.gmtime(time.time() + (30 + i) * day)),
                      "seatCount": a.seats, "price": a.price} for i in range(a.schedules)]
        status, body = await http.request("POST", "/api/v1/admin/concerts", {"Admin-Key": a.admin_key},
                                          {"title": a.title, "schedules": schedules})
        if status != 201:
            sys.exit(f"concert: admin API answered {status}: {body}")
        print(",".join(str(s["scheduleId"]) for s in body["schedules"]))
    asyncio.run(run())


def cmd_prepare(a):
    host, port = split_base(a.base)
    users = [str(uuid.uuid4()) for _ in range(a.users)]
    tokens = {}
    charged = 0
    failures = []

    async def worker(items, step):
        http = Http(host, port)
        while items:
            await step(http, items.pop())

    async def issue_and_charge(http, user):
        nonlocal charged
        status, body = await http.request("POST", "/api/v1/queue/tokens", body={"userId": user})
        if status not in (200, 201):
            failures.append(f"token for {user}: {status} {body}")
            return
        tokens[user] = body["token"]
        if a.charge > 0:
            status, body = await http.request("POST", "/api/v1/balance/charge",
                                              {"Authorization": "Bearer " + tokens[user]}, {"amount": a.charge})
            if status != 200 or body.get("balance") != a.charge:
                failures.append(f"charge for {user}: {status} {body}")
                return
            charged += a.charge

    waiting = []

    async def poll(http, user):
        status, body = await http.request("GET", "/api/v1/queue/tokens/current",
                                          {"Authorization": "Bearer " + tokens[user]})
        if status != 200:
            failures.append(f"poll for {user}: {status} {body}")
        elif body["status"] != "ACTIVE":
            waiting.append(user)

    async def run():
        started = time.monotonic()
        todo = list(users)
        await asyncio.gather(*(worker(todo, issue_and_charge) for _ in range(a.concurrency)))
        issued = time.monotonic()
        todo = [u for u in users if u in tokens]
        deadline = time.monotonic() + a.timeout
        while todo:
            waiting.clear()
            await asyncio.gather(*(worker(todo, poll) for _ in range(a.concurrency)))
            todo = list(waiting)
            if todo:
                if time.monotonic() > deadline:
                    failures.append(f"{len(todo)} tokens still WAITING after {a.timeout}s")
                    break
                await asyncio.sleep(0.2)
        return issued - started, time.monotonic() - issued

    t_issue, t_poll = asyncio.run(run())
    if failures:
        print("\n".join(failures[:10]), file=sys.stderr)
        sys.exit(f"prepare: {len(failures)} failures")
    with open(a.out, "w") as f:
        for user in users:
            f.write(f"{user} {tokens[user]}\n")
    with open(a.out + ".charged", "w") as f:
        f.write(f"{len(users)} {charged}\n")
    print(f"prepared {len(users)} users in {t_issue + t_poll:.1f}s "
          f"(issue+charge {t_issue:.1f}s, until ACTIVE {t_poll:.1f}s)", file=sys.stderr)


def cmd_opening_prepare(a):
    host, port = split_base(a.base)
    failures = []

    async def run():
        http = Http(host, port)
        opens = time.time() + a.lead
        opens_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(opens))
        starts = time.strftime("%Y-%m-%dT19:00:00Z", time.gmtime(time.time() + 30 * 86400))
        status, body = await http.request("POST", "/api/v1/admin/concerts", {"Admin-Key": a.admin_key}, {
            "title": "sale opening", "salesOpenAt": opens_at, "admitPerSecond": a.rate, "maxActive": a.cap,
            "schedules": [{"startsAt": starts, "seatCount": 1000, "price": 1000}]})
        if status != 201:
            sys.exit(f"opening-prepare: admin API answered {status}: {body}")
        concert = body["concertId"]
        status, opening = await http.request("GET", f"/api/v1/concerts/{concert}/opening")
        users = [str(uuid.uuid4()) for _ in range(a.tokens)]
        tokens = {}
        todo = list(users)

        async def worker():
            w = Http(host, port)
            while todo:
                user = todo.pop()
                status, body = await w.request("POST", "/api/v1/queue/tokens", body={"userId": user, "concertId": concert})
                if status != 201 or body["position"] is not None:
                    failures.append(f"{user}: {status} {body}")
                else:
                    tokens[user] = body["token"]

        started = time.time()
        await asyncio.gather(*(worker() for _ in range(a.concurrency)))
        took = time.time() - started
        if time.time() > opens - 2:
            failures.append(f"issuing {a.tokens} tokens took {took:.1f}s, past the opening: raise BENCH_OPENING_LEAD")
        with open(a.out, "w") as f:
            for user in users:
                if user in tokens:
                    f.write(f"{user} {tokens[user]}\n")
        print(f"issued {len(tokens)} pre-queue tokens in {took:.1f}s ({len(tokens) / took:.0f}/s)", file=sys.stderr)
        print(f"OPENING_CONCERT={concert}")
        print(f"OPENING_AT_MS={int(opens) * 1000}")
        print(f"OPENING_COMMITMENT={opening['commitment']}")
        print(f"OPENING_ISSUE_RATE={len(tokens) / took:.0f}")

    asyncio.run(run())
    if failures:
        print("\n".join(failures[:10]), file=sys.stderr)
        sys.exit(f"opening-prepare: {len(failures)} failures")


def cmd_opening_report(a):
    import base64
    import hashlib
    host, port = split_base(a.base)

    def seq_of(token):
        payload = token.split(".")[0]
        return int(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode().split("|")[5])

    async def fetch(path):
        return await Http(host, port).request("GET", path)

    async def opened():
        deadline = time.time() + 60
        while True:
            status, body = await fetch(f"/api/v1/concerts/{a.concert}/opening")
            if status == 200 and body["status"] == "OPENED":
                order = list(body["order"])
                for page in range(2, body["pages"] + 1):  # the order comes in pages
                    status, part = await fetch(f"/api/v1/concerts/{a.concert}/opening?page={page}")
                    if status != 200:
                        sys.exit(f"opening-report: page {page} answered {status}: {part}")
                    order += part["order"]
                return body, order
            if time.time() > deadline:
                sys.exit(f"opening-report: not OPENED after 60 s: {status} {body}")
            await asyncio.sleep(0.5)

    opening, order = asyncio.run(opened())
    seed = bytes.fromhex(opening["seed"])
    checks = []
    checks.append(("SHA-256(seed) is the commitment published before the opening",
                   hashlib.sha256(seed).hexdigest() == a.commitment))
    # The order function of docs/fairness.md: the first 52 bits of SHA-256(seed || id), ties by the id's bytes.
    recomputed = sorted(order, key=lambda t: (int(hashlib.sha256(seed + t.encode()).hexdigest()[:13], 16), t.encode()))
    checks.append(("the published order follows from the seed (each id once, as many as the pre-queue had)",
                   recomputed == order and len(set(order)) == len(order) == opening["preQueueSize"]))
    joined = {}
    with open(a.tokens) as f:
        for line in f:
            user, token = line.split()
            payload = token.split(".")[0]
            tid = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode().split("|")[1]
            joined[tid] = seq_of(token)
    checks.append(("every issued token is in the pre-queue", set(joined) == set(order)))
    ranks = sorted(joined, key=joined.get)
    join_rank = {t: i for i, t in enumerate(ranks)}
    n = len(order)
    d2 = sum((join_rank[t] - i) ** 2 for i, t in enumerate(order) if t in join_rank)
    rho = 1 - 6 * d2 / (n * (n * n - 1)) if n > 1 else 0.0
    # Under a uniform shuffle rho has standard deviation 1/sqrt(n-1): allow four of them.
    limit = 4 / (n - 1) ** 0.5 if n > 1 else 1.0
    checks.append((f"rank correlation of join order and drawn order near zero (rho = {rho:+.4f}, |rho| < {limit:.4f})",
                   abs(rho) < limit))

    metrics = subprocess.run(["curl", "-sf", "-H", f"Admin-Key: {a.admin_key}", f"{a.base}/metrics"],
                             capture_output=True, text=True).stdout
    shuffle = None
    for line in metrics.splitlines():
        if line.startswith(f'concert_queue_room_opening_seconds_sum{{room="{a.concert}"') or \
                line.startswith(f'concert_queue_room_opening_seconds_max{{room="{a.concert}"'):
            shuffle = max(shuffle or 0.0, float(line.rsplit(" ", 1)[1]))
    first = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(a.redis_port), "-n", str(a.redis_db), "ZRANGE",
                            f"queue:{{room:{a.concert}}}:active", "0", "0", "WITHSCORES"],
                           capture_output=True, text=True).stdout.split()
    first_delay = (float(first[1]) - a.active_seconds * 1000 - a.opens_at_ms) / 1000 if len(first) == 2 else None
    import calendar
    opened_delay = (calendar.timegm(time.strptime(opening["openedAt"][:19], "%Y-%m-%dT%H:%M:%S"))
                    + float("0." + (opening["openedAt"][20:-1] or "0")) - a.opens_at_ms / 1000)

    slowest = slowest_redis_command(a.slowlog) if a.slowlog else None
    latency = latency_peaks(a.latency) if a.latency else []
    if slowest is not None:
        checks.append((f"no Redis command over 50 ms from 2 s before the opening to the end of the polls "
                       f"(slowest {slowest[0] / 1000:.1f} ms: {slowest[1]})", slowest[0] <= 50_000))

    fmt = lambda v, unit: "n/a" if v is None else f"{v:.3f} {unit}"
    lines = [f"# Sale opening ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
             "| measure | value |", "|---|---|",
             f"| pre-queue (tokens issued before the opening) | {n} |",
             f"| token issue rate while filling the pre-queue | {a.issue_rate}/s |",
             f"| opening step: the pre-queue moved to the line (server's timer, from its first call) | {fmt(shuffle, 's')} |",
             f"| opening step done after salesOpenAt | {fmt(opened_delay, 's')} |",
             f"| first admission after salesOpenAt (target < 1 s) | {fmt(first_delay, 's')} |",
             f"| token polls during the opening (wrk, {a.poll_seconds} s from 2 s before it) | {a.poll_rps} req/s |",
             f"| slowest Redis command in that window (SLOWLOG, 1 ms threshold) | "
             + ("none over 1 ms" if slowest is None else f"{slowest[0] / 1000:.1f} ms ({slowest[1]})") + " |",
             f"| LATENCY LATEST peaks in that window | "
             + (", ".join(f"{event} {ms} ms" for event, ms in latency) or "none over 1 ms") + " |",
             "", "Checks:", ""]
    lines += [f"- {'ok' if ok else 'FAILED'}: {what}" for what, ok in checks]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    if not all(ok for _, ok in checks):
        sys.exit(1)


def slowest_redis_command(path):
    """(microseconds, "command args...") of the slowest SLOWLOG entry in a `redis-cli --json slowlog get` file."""
    with open(path) as f:
        text = f.read().strip()
    entries = json.loads(text) if text else []
    if not entries:
        return None
    slowest = max(entries, key=lambda e: e[2])
    words = [str(w) for w in slowest[3]]
    return slowest[2], " ".join(words[:3] + (["…"] if len(words) > 3 else []))


def latency_peaks(path):
    """[(event, max ms)] from a `redis-cli --json latency latest` file."""
    with open(path) as f:
        text = f.read().strip()
    return [(e[0], e[3]) for e in (json.loads(text) if text else [])]


def parse_results(paths):
    results = []
    for p in paths:
        found = None
        cpu = None
        with open(p) as f:
            for line in f:
                if line.startswith("BENCH_RESULT "):
                    found = json.loads(line[len("BENCH_RESULT "):])
                elif line.startswith("BENCH_CPU "):
                    cpu = json.loads(line[len("BENCH_CPU "):])
        if found is None:
            sys.exit(f"record: no BENCH_RESULT line in {p}")
        if cpu is not None:
            found["cpu"] = cpu
        results.append(found)
    return results


def cpu_per_request(row):
    """CPU µs (servers + Redis) per request of a row, or None when not recorded."""
    cpu = row.get("cpu")
    if not cpu or not row.get("requests"):
        return None
    return 1000 * (cpu["server_ms"] + cpu["redis_ms"]) / row["requests"]


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


# Outcomes that are not errors, per scenario (status codes or hold_pay outcome names).
EXPECTED = {
    "hold_storm": {"201", "409"},
    "best_storm": {"201", "409"},
    "hold_pay": {"hold_201", "hold_409", "pay_201", "issue_201", "issue_200", "poll_active", "poll_waiting",
                 "idle", "idle_200"},
}


def cmd_record(a):
    record(a.file, a.phase, a.scenario, a.instances, a.note, a.outputs)


def cmd_record_all(a):
    """Every line of the driver's manifest: phase, scenario, instances, note, wrk outputs (tabs)."""
    open(a.file, "w").close()
    with open(a.manifest) as f:
        for line in f:
            if line.strip():
                phase, scenario, instances, note, outputs = line.rstrip("\n").split("\t")
                record(a.file, phase, scenario, int(instances), note, outputs.split(), quiet=True)


def record(file, phase, scenario, instances, note, outputs, quiet=False):
    """Merges the wrk outputs of one scenario (one per wrk process) into one JSON line."""
    parts = parse_results(outputs)
    counts = {}
    for p in parts:
        for k, v in p["counts"].items():
            counts[k] = counts.get(k, 0) + v
    seconds = max(p["seconds"] for p in parts)
    row = {
        "phase": phase, "scenario": scenario, "instances": instances,
        "requests": sum(p["requests"] for p in parts),
        "seconds": seconds,
        "rps": sum(p["rps"] for p in parts),
        # Percentiles of separate wrk processes cannot be merged: the mean of the medians and the
        # worst p99 (conservative).
        "p50_ms": sum(p["p50_ms"] for p in parts) / len(parts),
        "p99_ms": max(p["p99_ms"] for p in parts),
        "socket_errors": sum(p["socket_errors"] for p in parts),
        "counts": counts,
    }
    # The wrk processes of one run share one measurement of the servers' and Redis's CPU.
    cpus = [p["cpu"] for p in parts if "cpu" in p]
    if cpus:
        row["cpu"] = cpus[0]
    expected = EXPECTED.get(scenario)
    if expected is None:
        row["errors"] = row["socket_errors"] + sum(p["status_errors"] for p in parts)
    else:
        row["errors"] = row["socket_errors"] + sum(v for k, v in counts.items() if k not in expected)
    if scenario == "hold_pay":
        row["purchases_per_s"] = counts.get("pay_201", 0) / seconds
    if note:
        row["note"] = note
    with open(file, "a") as f:
        f.write(json.dumps(row) + "\n")
    if quiet:
        return
    print(f"  {phase:<14} {scenario:<12} x{instances}  {row['rps']:>9.0f} req/s  p50 {row['p50_ms']:.2f} ms"
          f"  p99 {row['p99_ms']:.2f} ms  errors {row['errors']}  {outcomes(row)}", file=sys.stderr)


def outcomes(row):
    c = row["counts"]
    if row["scenario"] in ("hold_storm", "best_storm"):
        return f"201: {c.get('201', 0)}, 409: {c.get('409', 0)}"
    if row["scenario"] == "hold_pay":
        return (f"{c.get('pay_201', 0)} paid ({row['purchases_per_s']:.0f}/s), "
                f"{c.get('hold_409', 0)} hold 409, {c.get('poll_waiting', 0)} polls waiting")
    return ""


def outcomes_sum(rows):
    """Status counts of several runs of one scenario together, e.g. "201: 3, 409: 900, 429: 0"."""
    total = {}
    for r in rows:
        for k, v in r["counts"].items():
            total[k] = total.get(k, 0) + v
    return ", ".join(f"{k}: {total[k]}" for k in sorted(total))


# --------------------------------------------------------------------------------- check

def sql(db, query):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-w", "-X", "-q", "-At", "-F", "\t",
                          "-v", "ON_ERROR_STOP=1", "-d", db, "-c", query],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


# Every hash in one round trip: "#key" then its fields and values, for each key.
DUMP_HASHES = ("local out = {} for _, k in ipairs(KEYS) do out[#out + 1] = '#' .. k "
               "for _, v in ipairs(redis.call('HGETALL', k)) do out[#out + 1] = v end end return out")


def redis_hashes(db, keys, cluster_node=None):
    if cluster_node:
        # A Redis Cluster: one HGETALL a key (-c follows the key to its master); one script may not
        # touch keys of several slots.
        host, port = cluster_node.split(":")
        hashes = {}
        for k in keys:
            flat = subprocess.run(["redis-cli", "-c", "-h", host, "-p", port, "--raw", "HGETALL", k],
                                  check=True, capture_output=True, text=True).stdout.splitlines()
            hashes[k] = dict(zip(flat[0::2], flat[1::2]))
        return hashes
    out = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-n", str(db), "--raw", "EVAL", DUMP_HASHES,
                          str(len(keys)), *keys], check=True, capture_output=True, text=True).stdout.splitlines()
    hashes, current = {}, None
    i = 0
    while i < len(out):
        if out[i].startswith("#"):
            current = hashes.setdefault(out[i][1:], {})
            i += 1
        else:
            current[out[i]] = out[i + 1]
            i += 2
    return hashes


def cmd_check(a):
    failures = []

    def expect(name, ok, detail=""):
        print(f"  check {'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}", file=sys.stderr)
        if not ok:
            failures.append(name)

    db = a.pg_db
    # 1. No seat in two live reservations (the partial unique index should make this impossible).
    doubles = sql(db, """
        select rs.schedule_id, rs.seat_number, count(*) from reservation_seats rs
        join reservations r on r.id = rs.reservation_id
        where r.status in ('HELD', 'PAID') group by 1, 2 having count(*) > 1 limit 5""")
    expect("no seat in two live reservations", not doubles, str(doubles))
    drift = sql(db, """select count(*) from reservation_seats rs join reservations r on r.id = rs.reservation_id
                       where rs.status <> r.status""")[0][0]
    expect("seat rows follow their reservation's status", drift == "0", f"{drift} seat rows differ")

    # 2. Redis seat hashes agree with Postgres's live seats.
    live = {}
    for schedule, seat, rid, status in sql(db, """
            select rs.schedule_id, rs.seat_number, r.id, r.status from reservation_seats rs
            join reservations r on r.id = rs.reservation_id where r.status in ('HELD', 'PAID')"""):
        live[(schedule, seat)] = ("H" if status == "HELD" else "S", rid)
    now_ms = int(time.time() * 1000)
    in_redis = {}
    schedules = [row[0] for row in sql(db, "select id from schedules")]
    hashes = redis_hashes(a.redis_db, ["seats:{schedule:" + s + "}" for s in schedules],
                          a.redis_cluster) if schedules else {}
    for schedule in schedules:
        for seat, value in hashes.get("seats:{schedule:" + schedule + "}", {}).items():
            parts = value.split(":")
            if parts[0] == "H" and len(parts) == 3 and int(parts[2]) + 5000 < now_ms:
                continue  # a lapsed hold counts as free
            in_redis[(schedule, seat)] = (parts[0], parts[1] if len(parts) > 1 else "")
    missing = [k for k in live if in_redis.get(k) != live[k]]
    extra = [k for k in in_redis if k not in live]
    expect(f"Redis seats agree with Postgres ({len(live)} live seats)", not missing and not extra,
           f"{len(missing)} live seats differ or are missing in Redis (e.g. {missing[:3]}), "
           f"{len(extra)} seats taken in Redis only (e.g. {extra[:3]})")

    # 3. Each paid reservation has exactly one payment, of its amount, by its owner.
    bad_paid = sql(db, """select count(*) from reservations r where r.status = 'PAID' and
        (select count(*) from payments p where p.reservation_id = r.id and p.amount = r.amount
         and p.user_id = r.user_id) <> 1""")[0][0]
    orphan = sql(db, """select count(*) from payments p join reservations r on r.id = p.reservation_id
                        where r.status <> 'PAID'""")[0][0]
    paid = sql(db, "select count(*) from reservations where status = 'PAID'")[0][0]
    expect(f"one payment per paid reservation ({paid} paid)", bad_paid == "0" and orphan == "0",
           f"{bad_paid} paid reservations without exactly one matching payment, {orphan} payments of unpaid ones")

    # 4. Money: balances + payments = charges, for every user and in total.
    users, charged = 0, 0
    for path in a.charged:
        with open(path) as f:
            n, total = f.read().split()
            users, charged = users + int(n), charged + int(total)
    balances, balance_sum = sql(db, "select count(*), coalesce(sum(balance), 0) from balances")[0]
    paid_sum = sql(db, "select coalesce(sum(amount), 0) from payments")[0][0]
    per_user = sql(db, f"""select count(*) from balances b left join
        (select user_id, sum(amount) s from payments group by user_id) p using (user_id)
        where b.balance + coalesce(p.s, 0) <> {a.charge}""")[0][0]
    strangers = sql(db, """select count(*) from payments p
                           where not exists (select 1 from balances b where b.user_id = p.user_id)""")[0][0]
    expect(f"balances + payments = charges ({int(balance_sum)} + {int(paid_sum)} = {charged})",
           int(balance_sum) + int(paid_sum) == charged and int(balances) == users and per_user == "0"
           and strangers == "0",
           f"sum {int(balance_sum) + int(paid_sum)} vs charged {charged}; {balances} balance rows for {users} "
           f"charged users; {per_user} users whose balance + payments differ from their charge; "
           f"{strangers} payments by users never charged")
    if failures:
        sys.exit(f"correctness: {len(failures)} check(s) failed")


# --------------------------------------------------------------------------------- report

SCENARIOS = [("baseline", "baseline `GET /health/live`"), ("token_issue", "token issue"),
             ("token_poll", "token poll"), ("seat_map", "seat map"), ("hold_storm", "hold storm"),
             ("best_storm", "best-available storm (60,000-place stadium)"), ("hold_pay", "hold + pay")]


def cpu_overhead(kind, on, off):
    """One line: the CPU per request of the 'on' side against the 'off' side, over the pairs."""
    pairs = [(cpu_per_request(o), cpu_per_request(f_)) for o, f_ in zip(on, off)]
    pairs = [(a, b) for a, b in pairs if a and b]
    if not pairs:
        return "CPU per request: not recorded."
    costs = [100 * (a - b) / a for a, b in pairs]
    return (f"CPU per request (servers + Redis, user + system; holds on a busy machine): on "
            f"{median([a for a, _ in pairs]):.1f} µs vs off {median([b for _, b in pairs]):.1f} µs (medians); "
            f"{kind} take {median(costs):.1f}% of the 'on' side's CPU per request (median of {len(pairs)} pairs; "
            f"pairs {', '.join(f'{c:.1f}%' for c in sorted(costs))}).")


def cmd_report(a):
    rows = [json.loads(line) for line in open(a.file) if line.strip()]
    baseline = {r["phase"]: r["rps"] for r in rows if r["scenario"] == "baseline"}
    names = dict(SCENARIOS)
    out = []
    out.append(f"Run: {a.title}\n")
    out.append("| phase | scenario | inst. | req/s | × baseline | p50 ms | p99 ms | errors | outcomes |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if r["phase"] == "ab":
            continue
        base = baseline.get(r["phase"]) or baseline.get(r.get("baseline_phase", ""))
        ratio = f"{r['rps'] / base:.2f}" if base else "–"
        if r["scenario"] == "baseline":
            ratio = "1.00"
        label = names.get(r["scenario"], r["scenario"])
        if r.get("note"):
            label += f" ({r['note']})"
        out.append(f"| {r['phase']} | {label} | {r['instances']} | {r['rps']:,.0f} | {ratio} | {r['p50_ms']:.2f} "
                   f"| {r['p99_ms']:.2f} | {r['errors']} | {outcomes(r)} |")
    for phase in dict.fromkeys(r["phase"] for r in rows):
        storm = [r for r in rows if r["phase"] == phase and r["scenario"] == "hold_storm"]
        best = [r for r in rows if r["phase"] == phase and r["scenario"] == "best_storm"]
        if storm and best and storm[-1]["rps"]:
            out.append("")
            out.append(f"Best-available storm on the stadium against the seat-number hold storm on the small hall "
                       f"({phase}, same run): {best[-1]['rps'] / storm[-1]['rps']:.2f} × its ratio to the baseline "
                       f"(target ≥ 0.9).")
    for kind, what in (("metrics", "one instance with CONCERT_METRICS=true beside one with false"),
                       ("limits", "one instance with the buyer limits on (4 seats a date per buyer, rate limits "
                                  "above the storm's per-user rate) beside one with them off")):
        on = [r for r in rows if r["phase"] == "ab" and r.get("note") == f"{kind} on"]
        off = [r for r in rows if r["phase"] == "ab" and r.get("note") == f"{kind} off"]
        if not (on and off):
            continue
        costs = sorted(100 * (f_["rps"] - o["rps"]) / f_["rps"] for o, f_ in zip(on, off))
        # All pairs' requests together: less swayed than the median by one pair the machine disturbed.
        overall = 100 * (1 - sum(o["rps"] for o in on) / sum(f_["rps"] for f_ in off))
        on_rates = ", ".join(f"{o['rps']:,.0f}" for o in on)
        off_rates = ", ".join(f"{f_['rps']:,.0f}" for f_ in off)
        out.append("")
        out.append(f"{kind.capitalize()} overhead (hold storm, warm; {what}, "
                   f"{len(costs)} alternating pairs): median {median(costs):.1f}%, all pairs together {overall:.1f}% "
                   f"(pairs: {', '.join(f'{c:.1f}%' for c in costs)}); req/s on {on_rates} vs off {off_rates}; "
                   f"outcomes on {outcomes_sum(on)} vs off {outcomes_sum(off)}.")
        out.append(cpu_overhead(kind, on, off))
    jar_on = [r for r in rows if r["phase"] == "ab" and r.get("note") == "jar on"]
    if jar_on:
        out.append("")
        out.append("CPU per request is the servers' and Redis's CPU time (user + system) over a run divided by its "
                   "requests: it holds on a busy machine, where req/s swings with whatever else runs; a ratio above "
                   "1 is a cost.")
    if jar_on:
        out.append("")
        out.append("This build against the baseline jar (one instance each, side by side; alternating pairs; "
                   "ratio = this build's req/s over the baseline's):")
        out.append("")
        out.append("| scenario | pairs | median ratio | all pairs together | CPU/request, median ratio | req/s this build "
                   "| req/s baseline |")
        out.append("|---|---:|---:|---:|---:|---|---|")
        for scenario in dict.fromkeys(r["scenario"] for r in jar_on):
            new = [r for r in jar_on if r["scenario"] == scenario]
            old = [r for r in rows if r["phase"] == "ab" and r.get("note") == "jar off" and r["scenario"] == scenario]
            ratios = sorted(n["rps"] / o["rps"] for n, o in zip(new, old) if o["rps"])
            if not ratios:
                continue
            overall = sum(n["rps"] for n in new) / sum(o["rps"] for o in old)
            new_rates = ", ".join(f"{n['rps']:,.0f}" for n in new)
            old_rates = ", ".join(f"{o['rps']:,.0f}" for o in old)
            cpu_ratios = [cn / co for cn, co in ((cpu_per_request(n), cpu_per_request(o)) for n, o in zip(new, old))
                          if cn and co]
            cpu = f"{median(cpu_ratios):.3f}" if cpu_ratios else "–"
            out.append(f"| {names.get(scenario, scenario)} | {len(ratios)} | {median(ratios):.3f} | {overall:.3f} "
                       f"| {cpu} | {new_rates} | {old_rates} |")
    text = "\n".join(out) + "\n"
    if a.extra and os.path.exists(a.extra):
        text += "\n" + open(a.extra).read()
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    c = sub.add_parser("concert")
    c.add_argument("--base", required=True)
    c.add_argument("--admin-key", required=True)
    c.add_argument("--title", default="bench")
    c.add_argument("--schedules", type=int, default=3)
    c.add_argument("--seats", type=int, default=50)
    c.add_argument("--price", type=int, default=1000)
    c.set_defaults(func=cmd_concert)

    c = sub.add_parser("prepare")
    c.add_argument("--base", required=True)
    c.add_argument("--users", type=int, required=True)
    c.add_argument("--charge", type=int, default=0)
    c.add_argument("--out", required=True)
    c.add_argument("--concurrency", type=int, default=32)
    c.add_argument("--timeout", type=float, default=120)
    c.set_defaults(func=cmd_prepare)

    c = sub.add_parser("record")
    c.add_argument("--file", required=True)
    c.add_argument("--phase", required=True)
    c.add_argument("--scenario", required=True)
    c.add_argument("--instances", type=int, default=1)
    c.add_argument("--note", default="")
    c.add_argument("outputs", nargs="+")
    c.set_defaults(func=cmd_record)

    c = sub.add_parser("record-all")
    c.add_argument("--file", required=True)
    c.add_argument("--manifest", required=True)
    c.set_defaults(func=cmd_record_all)

    c = sub.add_parser("check")
    c.add_argument("--pg-db", required=True)
    c.add_argument("--redis-db", type=int, required=True)
    c.add_argument("--redis-cluster", help="host:port of a Redis Cluster node: read the seats there instead")
    c.add_argument("--charge", type=int, required=True)
    c.add_argument("charged", nargs="+", help="the .charged files written by prepare")
    c.set_defaults(func=cmd_check)

    c = sub.add_parser("report")
    c.add_argument("--file", required=True)
    c.add_argument("--title", default="")
    c.add_argument("--out")
    c.add_argument("--extra", help="a file appended to the report (run details)")
    c.set_defaults(func=cmd_report)

    c = sub.add_parser("opening-prepare")
    c.add_argument("--base", required=True)
    c.add_argument("--admin-key", required=True)
    c.add_argument("--tokens", type=int, required=True)
    c.add_argument("--lead", type=float, required=True, help="seconds from now to the opening")
    c.add_argument("--rate", type=int, default=1000)
    c.add_argument("--cap", type=int, default=100000)
    c.add_argument("--concurrency", type=int, default=64)
    c.add_argument("--out", required=True)
    c.set_defaults(func=cmd_opening_prepare)

    c = sub.add_parser("opening-report")
    c.add_argument("--base", required=True)
    c.add_argument("--admin-key", required=True, help="for /metrics")
    c.add_argument("--concert", type=int, required=True)
    c.add_argument("--commitment", required=True)
    c.add_argument("--opens-at-ms", type=int, required=True)
    c.add_argument("--tokens", required=True, help="the file opening-prepare wrote")
    c.add_argument("--redis-port", type=int, default=6379)
    c.add_argument("--redis-db", type=int, required=True)
    c.add_argument("--slowlog", help="redis-cli --json slowlog get output of the opening's window")
    c.add_argument("--latency", help="redis-cli --json latency latest output of the opening's window")
    c.add_argument("--active-seconds", type=int, required=True)
    c.add_argument("--issue-rate", default="?")
    c.add_argument("--poll-rps", default="?")
    c.add_argument("--poll-seconds", default="?")
    c.add_argument("--out")
    c.set_defaults(func=cmd_opening_report)

    a = p.parse_args()
    a.func(a)


if __name__ == "__main__":
    main()
