"""The command line: headless set-up, accounts and tokens, serving on SQLite and on PostgreSQL, clean shutdown."""
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pytest

from conftest import ROOT, free_port

BIN = os.environ.get("TANDEM_BIN", str(ROOT / ".build" / "debug" / "tandem"))
PASSWORD = "a calm river at dawn"
ENV = dict(os.environ, TANDEM_BCRYPT_COST="4", TANDEM_LOG_LEVEL="warning")
ENV.pop("TANDEM_DATABASE_URL", None)


def tandem(*args, stdin=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, env=ENV, timeout=120)


def request(url, token=None, method="GET", body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def serve(location_args):
    port = free_port()
    proc = subprocess.Popen([BIN, "serve", "--port", str(port), *location_args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            if request(base + "/healthz")[0] == 200:
                return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            raise RuntimeError("server did not start: " + (proc.stdout.read() if proc.stdout else ""))
        time.sleep(0.2)


def headless_install(location_args):
    """Everything the set-up page does, from the command line; answers a token for a practitioner."""
    done = tandem("setup", "--practice", "Riverside", "--email", "ruth@example.org", "--name", "Ruth Owner", *location_args, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    again = tandem("setup", "--practice", "Other", "--email", "eve@example.org", "--name", "Eve", *location_args, stdin=PASSWORD + "\n")
    assert again.returncode == 1 and "already set up" in again.stderr
    weak = tandem("user", "add", "--email", "amy@example.org", "--name", "Amy Lin", *location_args, stdin="password1234\n")
    assert weak.returncode == 1 and "password: Password is too common" in weak.stderr
    added = tandem("user", "add", "--email", "amy@example.org", "--name", "Amy Lin", "--licence", "LCSW 12345, Maryland", *location_args, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    supervisor = tandem("user", "add", "--email", "sue@example.org", "--name", "Sue Park", "--role", "supervisor", *location_args, stdin=PASSWORD + "\n")
    assert supervisor.returncode == 0 and "Added supervisor sue@example.org" in supervisor.stdout, supervisor.stderr
    supervises = tandem("user", "update", "--email", "sue@example.org", "--supervises", "amy@example.org", "--supervises", "ruth@example.org", *location_args)
    assert supervises.returncode == 0 and "sue@example.org supervises amy@example.org, ruth@example.org" in supervises.stdout, supervises.stderr
    ended = tandem("user", "update", "--email", "sue@example.org", "--stops-supervising", "ruth@example.org", *location_args)
    assert ended.returncode == 0 and "sue@example.org supervises amy@example.org\n" in ended.stdout, ended.stderr
    not_one = tandem("user", "update", "--email", "amy@example.org", "--supervises", "ruth@example.org", *location_args)
    assert not_one.returncode == 1 and "whose role is supervisor" in not_one.stderr, not_one.stderr
    token = tandem("token", "create", "--email", "amy@example.org", "--name", "script", *location_args)
    assert token.returncode == 0, token.stderr
    assert token.stdout.strip().startswith("tdm_")
    missing = tandem("token", "create", "--email", "nobody@example.org", *location_args)
    assert missing.returncode == 1 and "was not found" in missing.stderr
    return token.stdout.strip()


def record_coaching_credential(location_args):
    nothing = tandem("user", "update", "--email", "amy@example.org", *location_args)
    assert nothing.returncode != 0 and "Give at least one of" in nothing.stderr
    updated = tandem("user", "update", "--email", "amy@example.org", "--coaching-credential", "ICF PCC", "--ethics-code", "NASW", *location_args)
    assert updated.returncode == 0, updated.stderr
    assert "licence LCSW 12345, Maryland" in updated.stdout, "options left out keep their value"
    assert "coaching credential ICF PCC" in updated.stdout
    too_long = tandem("user", "update", "--email", "amy@example.org", "--licence", "x" * 201, *location_args)
    assert too_long.returncode == 1 and "licence" in too_long.stderr


def exercise(location_args):
    token = headless_install(location_args)
    proc, base = serve(location_args)
    try:
        status, created = request(base + "/api/v1/clients", token, "POST", {"displayName": "Jordan Avery"})
        assert status == 201, created
        status, listing = request(base + "/api/v1/clients", token)
        assert status == 200 and [c["displayName"] for c in listing["items"]] == ["Jordan Avery"]
        assert request(base + "/api/v1/clients", "tdm_wrong")[0] == 401
        coaching = {"role": "coaching", "goals": ["Lead the team with less dread"]}
        status, refused = request(base + f"/api/v1/clients/{created['id']}/engagements", token, "POST", coaching)
        assert status == 409 and refused["error"]["code"] == "no_coaching_credential"
        record_coaching_credential(location_args)
        status, opened = request(base + f"/api/v1/clients/{created['id']}/engagements", token, "POST", coaching)
        assert status == 201 and opened["coaching"] == "notScreened", opened
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    output = proc.stdout.read()
    assert "Tandem is running at " + base in output
    assert code == 0, f"SIGTERM should drain and exit 0, got {code}"


def test_command_line_on_sqlite():
    with tempfile.TemporaryDirectory(prefix="tandem-cli-") as data_dir:
        exercise(["--data-dir", data_dir])
        assert os.path.exists(os.path.join(data_dir, "tandem.sqlite"))
        mode = subprocess.run(["python3", "-c", f"import sqlite3; print(sqlite3.connect('{data_dir}/tandem.sqlite').execute('PRAGMA journal_mode').fetchone()[0])"], capture_output=True, text=True)
        assert mode.stdout.strip() == "wal"


@pytest.mark.skipif(not os.environ.get("TANDEM_TEST_POSTGRES_URL"), reason="TANDEM_TEST_POSTGRES_URL is not set")
def test_command_line_on_postgres():
    base_url = os.environ["TANDEM_TEST_POSTGRES_URL"]
    name = "tandem_cli_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        with tempfile.TemporaryDirectory(prefix="tandem-cli-key-") as keys:
            key = os.path.join(keys, "tandem.key")
            exercise(["--database-url", base_url.rsplit("/", 1)[0] + "/" + name, "--key-file", key])
            assert oct(os.stat(key).st_mode & 0o777) == "0o600", "the key file is its owner's alone"
            other = os.path.join(keys, "other.key")
            open(other, "w").write("tandem-key-v1 " + "QUFB" * 10 + "QUE=\n")
            os.chmod(other, 0o600)
            wrong = tandem("serve", "--database-url", base_url.rsplit("/", 1)[0] + "/" + name, "--key-file", other)
            assert wrong.returncode == 1 and "is not the key this installation's data is encrypted under" in wrong.stderr, wrong.stderr
    finally:
        subprocess.run(["psql", base_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)


def test_bad_configuration_is_refused_clearly():
    bad = tandem("serve", "--database-url", "mysql://nope")
    assert bad.returncode != 0 and "must start with postgres://" in bad.stderr
    bad_port = subprocess.run([BIN, "serve", "--port", "99999"], capture_output=True, text=True, env=ENV, timeout=30)
    assert bad_port.returncode != 0 and "--port must be from 0 to 65535" in bad_port.stderr


def test_backup_while_serving_and_restore():
    with tempfile.TemporaryDirectory(prefix="tandem-backup-") as work:
        live = ["--data-dir", os.path.join(work, "live")]
        token = headless_install(live)
        proc, base = serve(live)
        try:
            assert request(base + "/api/v1/clients", token, "POST", {"displayName": "Jordan Avery"})[0] == 201
            out = os.path.join(work, "tandem-backup.sqlite")
            made = tandem("backup", "--out", out, *live)
            assert made.returncode == 0, made.stderr
            assert "Backup written to" in made.stdout
            again = tandem("backup", "--out", out, *live)
            assert again.returncode == 1 and "already exists" in again.stderr, "a backup never overwrites"
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        restored = os.path.join(work, "restored")
        key = os.path.join(work, "live", "tandem.key")
        unkeyed = tandem("restore", "--from", out, "--data-dir", os.path.join(work, "unkeyed"))
        assert unkeyed.returncode == 0 and "The backup holds no key" in unkeyed.stdout, unkeyed.stdout
        refused = tandem("serve", "--data-dir", os.path.join(work, "unkeyed"))
        assert refused.returncode == 1 and "is missing: this installation's data is encrypted under it" in refused.stderr, refused.stderr
        done = tandem("restore", "--from", out, "--data-dir", restored, "--key-file", key)
        assert done.returncode == 0, done.stderr
        assert oct(os.stat(os.path.join(restored, "tandem.key")).st_mode & 0o777) == "0o600"
        assert "1 clients, 0 engagements and 0 sessions" in done.stdout, done.stdout
        assert oct(os.stat(restored).st_mode & 0o777) == "0o700" and oct(os.stat(os.path.join(restored, "tandem.sqlite")).st_mode & 0o777) == "0o600"
        assert oct(os.stat(out).st_mode & 0o777) == "0o600", "a backup is its owner's alone"
        proc, base = serve(["--data-dir", restored])
        try:
            status, listing = request(base + "/api/v1/clients", token)
            assert status == 200 and [c["displayName"] for c in listing["items"]] == ["Jordan Avery"], "the token and the client came back"
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        junk = os.path.join(work, "junk.sqlite")
        open(junk, "w").write("not a database")
        bad = tandem("restore", "--from", junk, "--data-dir", os.path.join(work, "junk"))
        assert bad.returncode == 1 and "is not a sound Tandem backup" in bad.stderr
        postgres = tandem("backup", "--out", os.path.join(work, "pg.dump"), "--database-url", "postgres://nobody@127.0.0.1:1/none")
        assert postgres.returncode == 1 and "pg_dump" in postgres.stderr, "PostgreSQL is backed up with its own tools"


def test_commands_that_read_an_installation_create_none():
    with tempfile.TemporaryDirectory(prefix="tandem-none-") as work:
        missing = os.path.join(work, "mistyped")
        for args, stdin in [
            (["backup", "--out", os.path.join(work, "b.sqlite")], None),
            (["user", "add", "--email", "amy@example.org", "--name", "Amy Lin"], PASSWORD + "\n"),
            (["token", "create", "--email", "amy@example.org"], None),
            (["migrate"], None),
            (["keys", "rotate"], None),
            (["keys", "rotate", "--data"], None),
            (["audit", "verify"], None),
        ]:
            done = tandem(*args, "--data-dir", missing, stdin=stdin)
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert "There is no Tandem database in " + missing in done.stderr, done.stderr
            assert not os.path.exists(missing), f"{args[0]} created nothing"
            assert not os.path.exists(os.path.join(work, "b.sqlite")), "and wrote no backup"
        # A folder with a stray log from an earlier database is not a place to restore into.
        live = ["--data-dir", os.path.join(work, "live")]
        headless_install(live)
        out = os.path.join(work, "backup.sqlite")
        assert tandem("backup", "--out", out, *live).returncode == 0
        stray = os.path.join(work, "stray")
        os.makedirs(stray)
        open(os.path.join(stray, "tandem.sqlite-wal"), "w").write("old log")
        refused = tandem("restore", "--from", out, "--data-dir", stray)
        assert refused.returncode == 1 and "is not empty" in refused.stderr, refused.stderr
        assert os.listdir(stray) == ["tandem.sqlite-wal"], "nothing was added"
        # A truncated database: one sentence, exit 1, nothing written (no backup, the file as it was).
        damaged = os.path.join(work, "damaged")
        os.makedirs(damaged)
        whole = open(os.path.join(work, "live", "tandem.sqlite"), "rb").read()
        for name in ["tandem.sqlite", "tandem.key"]:
            src = os.path.join(work, "live", name)
            data = open(src, "rb").read()
            open(os.path.join(damaged, name), "wb").write(data[: len(data) // 2] if name == "tandem.sqlite" else data)
            os.chmod(os.path.join(damaged, name), 0o600)
        before = open(os.path.join(damaged, "tandem.sqlite"), "rb").read()
        for args in (["backup", "--out", os.path.join(work, "d.sqlite")], ["serve", "--port", str(free_port())]):
            done = tandem(*args, "--data-dir", damaged)
            assert done.returncode == 1 and "is damaged" in done.stderr and "nothing was changed" in done.stderr, (args, done.stderr)
            assert done.stderr.count("\n") == 1, done.stderr
        assert not os.path.exists(os.path.join(work, "d.sqlite"))
        assert open(os.path.join(damaged, "tandem.sqlite"), "rb").read() == before and len(before) < len(whole)


@pytest.mark.skipif(not os.environ.get("TANDEM_TEST_POSTGRES_URL"), reason="TANDEM_TEST_POSTGRES_URL is not set")
def test_migrate_to_postgres():
    base_url = os.environ["TANDEM_TEST_POSTGRES_URL"]
    name = "tandem_move_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    target = base_url.rsplit("/", 1)[0] + "/" + name
    try:
        with tempfile.TemporaryDirectory(prefix="tandem-move-") as data_dir:
            token = headless_install(["--data-dir", data_dir])
            proc, base = serve(["--data-dir", data_dir])
            try:
                assert request(base + "/api/v1/clients", token, "POST", {"displayName": "Jordan Avery"})[0] == 201
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=20)
            moved = tandem("migrate-to-postgres", "--from", data_dir, "--database-url", target)
            assert moved.returncode == 0, moved.stderr
            assert "--key-file " + os.path.join(data_dir, "tandem.key") in moved.stdout, moved.stdout
            key_copy = os.path.join(os.path.dirname(data_dir), os.path.basename(data_dir) + ".key")
            with open(os.path.join(data_dir, "tandem.key")) as src, open(key_copy, "w") as dst:
                dst.write(src.read())
            os.chmod(key_copy, 0o600)
            assert "Copied" in moved.stdout and "clients" in moved.stderr, "a progress line per table"
            again = tandem("migrate-to-postgres", "--from", data_dir, "--database-url", target)
            assert again.returncode == 1 and "already holds a practice" in again.stderr
        proc, base = serve(["--database-url", target, "--key-file", key_copy])
        try:
            status, listing = request(base + "/api/v1/clients", token)
            assert status == 200 and [c["displayName"] for c in listing["items"]] == ["Jordan Avery"], "the same token and key work on PostgreSQL"
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
            os.remove(key_copy)
    finally:
        subprocess.run(["psql", base_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)


def test_keys_and_audit_commands():
    with tempfile.TemporaryDirectory(prefix="tandem-keys-") as work:
        data = os.path.join(work, "data")
        live = ["--data-dir", data]
        token = headless_install(live)
        key = os.path.join(data, "tandem.key")
        assert oct(os.stat(key).st_mode & 0o777) == "0o600"
        verified = tandem("audit", "verify", *live)
        assert verified.returncode == 0 and "The audit chain is intact:" in verified.stdout, verified.stderr
        rotated = tandem("keys", "rotate", *live)
        assert rotated.returncode == 0 and "wrapped under a new key file" in rotated.stdout, rotated.stderr
        assert os.path.exists(key + ".old") and open(key).read() != open(key + ".old").read()
        data_rotated = tandem("keys", "rotate", "--data", *live)
        assert data_rotated.returncode == 0 and "Every row is encrypted under the new data key" in data_rotated.stdout, data_rotated.stderr
        old = tandem("token", "create", "--email", "amy@example.org", "--data-dir", data, "--key-file", key + ".old")
        assert old.returncode == 1 and "is not the key this installation's data is encrypted under" in old.stderr, old.stderr
        os.chmod(key, 0o644)
        loose = tandem("token", "create", "--email", "amy@example.org", *live)
        assert loose.returncode == 1 and "can be read by other accounts" in loose.stderr, loose.stderr
        os.chmod(key, 0o600)
        proc, base = serve(live)
        try:
            assert request(base + "/api/v1/clients", token, "POST", {"displayName": "Jordan Avery"})[0] == 201
            status, listing = request(base + "/api/v1/clients", token)
            assert status == 200 and [c["displayName"] for c in listing["items"]] == ["Jordan Avery"]
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        # Someone with the file but not the key edits an event: verify names it and exits 1.
        import sqlite3
        db = sqlite3.connect(os.path.join(data, "tandem.sqlite"))
        db.execute("DROP TRIGGER audit_events_no_update")
        seq = db.execute("SELECT seq FROM audit_events ORDER BY seq LIMIT 1 OFFSET 2").fetchone()[0]
        db.execute("UPDATE audit_events SET detail = 'edited' WHERE seq = ?", (seq,))
        db.commit()
        db.close()
        broken = tandem("audit", "verify", *live)
        assert broken.returncode == 1 and f"audit event {seq} " in broken.stderr, broken.stderr
