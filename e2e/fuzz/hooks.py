"""Schemathesis hooks for `make fuzz`: each role signs in itself, again every ten minutes
(access tokens live fifteen) and whenever an answer is 401 — the fuzzer may sign out, or
deactivate the account it runs as, and a long run must not go on testing only refusals."""

import json
import os
import urllib.request

import schemathesis


@schemathesis.auth(refresh_interval=600)
class RelaisSignIn:
    def get(self, case, context):
        request = urllib.request.Request(
            os.environ["RELAIS_FUZZ_BASE"] + "/api/v1/auth/sign-in",
            data=json.dumps(
                {"email": os.environ["RELAIS_FUZZ_EMAIL"], "password": os.environ["RELAIS_FUZZ_PASSWORD"]}
            ).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)["access_token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def map_headers(context, headers):
    """A fresh `Idempotency-Key` for every generated request, as real clients send: the
    fuzzer would otherwise reuse a few short keys, and a replayed creation answers with a
    resource a later step may have deleted (its `Location` then says 404, rightly). Replays
    themselves are tested by the API tests (`idempotency.rs`)."""
    import uuid

    if headers and "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return headers
