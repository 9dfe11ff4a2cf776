"""Drives the real Python jam (jamlib, pinned in scripts/setup.sh) for
test/jam/*.test.ts. Reads one JSON request on stdin, {"jobs": [...]}, runs
every job and prints {"results": [...]} in the same order, so a test file
pays for one Python start-up per batch, not per case.

Each job is {"op": ..., ...}; each result is {"ok": true, "value": ...} or
{"ok": false, "error": <exception class>, "error_code": <jam's error_code>}.
"""

import json
import sys
import traceback

from jam.jose import JWE, JWT


def _key(job):
    key = job.get("key")
    return key.encode() if isinstance(key, str) and job.get("key_bytes") else key


def make(job):
    kind = job["kind"]
    if kind == "jwt":
        jwt = JWT(alg=job["alg"], secret_key=_key(job))
        return jwt.encode(sub="jam-user", exp=3600, payload=job.get("payload") or {"from": "jam"})
    if kind == "jwt-enc":
        jwt = JWT(alg=job.get("alg"), enc=job["enc"], secret_key=_key(job))
        return jwt.encrypt(job.get("payload") or {"from": "jam"})
    if kind == "jwe":
        jwe = JWE(alg=job["alg"], enc=job["enc"], key=_key(job) or b"unused", password=_password(job))
        return jwe.encrypt(job.get("plaintext", "plain text from jam").encode())
    raise ValueError(f"unknown kind {kind}")


def _password(job):
    password = job.get("password")
    return password.encode() if isinstance(password, str) else None


def open_(job):
    kind = job["kind"]
    if kind == "jwt":
        return JWT(alg=job["alg"], secret_key=_key(job)).decode(job["token"])
    if kind == "jwt-enc":
        return JWT(alg=job.get("alg"), enc=job["enc"], secret_key=_key(job)).decrypt(job["token"])
    if kind == "jwe":
        jwe = JWE(alg=job["alg"], enc=job["enc"], key=_key(job) or b"unused", password=_password(job))
        return jwe.decrypt(job["token"]).decode()
    raise ValueError(f"unknown kind {kind}")


def token_list(job):
    from jam.lists import build_list

    config = {"type": job.get("type", "black"), "backend": job["backend"], "prefix": job.get("prefix", "jwt_list")}
    if job["backend"] == "redis":
        config["redis_uri"] = job["redis_uri"]
        if job.get("ttl") is not None:
            config["ttl"] = job["ttl"]
    if job["backend"] == "json":
        config["json_path"] = job["json_path"]
    lst = build_list(config)
    action = job["action"]
    if action == "add":
        return lst.add(job["token"])
    if action == "add_many":
        return lst.add_many(job["tokens"])
    if action == "check":
        return lst.check(job["token"])
    if action == "check_many":
        return lst.check_many(job["tokens"])
    if action == "delete":
        return lst.delete(job["token"])
    if action == "decode":
        jwt = JWT(alg=job["alg"], secret_key=job["key"], list=lst)
        return jwt.decode(job["token"])
    raise ValueError(f"unknown list action {action}")


def keychain(job):
    from jam.keychain.file import FileStorage

    chain = FileStorage(job["path"], algorithm=job["alg"])
    action = job["action"]
    if action == "rotate":
        return chain.rotate(job.get("key_id")).id
    if action == "add":
        return chain.add(job["key_id"], job.get("material")).id
    if action == "activate":
        return chain.activate(job["key_id"]).id
    if action == "revoke":
        return chain.revoke(job["key_id"]).id
    if action == "list":
        return [{"id": k.id, "status": k.status.value} for k in chain.list()]
    jwt = JWT(alg=job["alg"], keychain=chain)
    if action == "encode":
        return jwt.encode(sub="jam-keychain", exp=3600)
    if action == "decode":
        return jwt.decode(job["token"])
    raise ValueError(f"unknown keychain action {action}")


def config(job):
    from jam import Jam

    jam = Jam(config=job["path"])
    if job["action"] == "encode":
        return jam.jwt.encode(sub="jam-config", exp=600)
    return jam.jwt.decode(job["token"])


OPS = {"config": config, "make": make, "open": open_, "list": token_list, "keychain": keychain}


def run(job):
    try:
        return {"ok": True, "value": OPS[job["op"]](job)}
    except Exception as e:  # every failure is reported, the batch goes on
        return {
            "ok": False,
            "error": type(e).__name__,
            "error_code": getattr(e, "error_code", None),
            "message": str(e)[:300],
            "trace": traceback.format_exc(limit=2)[-600:] if job.get("trace") else None,
        }


def main():
    request = json.load(sys.stdin)
    results = [run(job) for job in request["jobs"]]
    json.dump({"results": results}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
