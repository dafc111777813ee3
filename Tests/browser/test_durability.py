"""Nothing acknowledged is lost when the server is killed: four writers create clients over the API while the
server is SIGKILLed at a random moment, 20 rounds; every client the API answered 201 for is there after the restart,
and SQLite's integrity check passes. (A killed process, not a power cut: the operating system still holds what was
written; the power-cut case rests on SQLite's WAL and fsync, which this machine cannot pull the plug on.)"""
import os
import random
import signal
import sqlite3
import tempfile
import threading
import time

from test_cli import request, serve, tandem

ROUNDS = int(os.environ.get("TANDEM_KILL_ROUNDS", "20"))


def test_sigkill_during_concurrent_writes_loses_nothing_acknowledged():
    data = tempfile.mkdtemp(prefix="tandem-kill-")
    where = ["--data-dir", data]
    assert tandem("setup", "--practice", "Riverside", "--email", "ruth@example.org", "--name", "Ruth Owner", *where,
                  stdin="a calm river at dawn\n").returncode == 0
    assert tandem("user", "add", "--email", "amy@example.org", "--name", "Amy Lee", *where, stdin="a calm river at dawn\n").returncode == 0
    token = tandem("token", "create", "--email", "amy@example.org", *where).stdout.strip()
    rng = random.Random(20261202)
    acknowledged = []
    lock = threading.Lock()
    totals = {"acknowledged": 0, "lost": 0, "rounds": 0}
    for round_number in range(ROUNDS):
        proc, base = serve(where)
        stop = threading.Event()

        def writer(n):
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    status, body = request(base + "/api/v1/clients", token, "POST", {"displayName": f"Round {round_number} writer {n} #{i}"})
                except OSError:
                    return  # the server is gone: this write was never acknowledged
                if status == 201:
                    with lock:
                        acknowledged.append(body["id"])

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=10)
        totals["rounds"] += 1
    # After the last kill: restart once, and every acknowledged client is there.
    proc, base = serve(where)
    try:
        for client in acknowledged:
            status, _ = request(base + f"/api/v1/clients/{client}", token)
            if status != 200:
                totals["lost"] += 1
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    totals["acknowledged"] = len(acknowledged)
    check = sqlite3.connect(os.path.join(data, "tandem.sqlite")).execute("PRAGMA integrity_check").fetchone()[0]
    print(f"durability: {totals['rounds']} SIGKILL rounds, {totals['acknowledged']} writes acknowledged, {totals['lost']} lost, "
          f"integrity_check {check}")
    assert totals["acknowledged"] > ROUNDS * 10, "the writers got writes through before each kill"
    assert totals["lost"] == 0
    assert check == "ok"
