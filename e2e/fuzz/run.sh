#!/usr/bin/env bash
# Fuzzes the API from api-spec/openapi.json with schemathesis (all checks, stateful links
# included), once per role, against a real `relais` with the demo organisation.
# FUZZ_SECONDS_PER_ROLE bounds each run (default 45). FUZZ_SEED fixes the generated cases
# (default 20261129, so `make test` is reproducible); explore with new ones, longer:
#   FUZZ_SEED=random FUZZ_SECONDS_PER_ROLE=1800 make fuzz
# One worker: with two, CPython 3.11's `ast` module (which hypothesis uses to describe its
# strategies) is entered from two threads and fails with "AST constructor recursion depth
# mismatch" inside the fuzzer itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
RELAIS_BIN=${RELAIS_BIN:-target/debug/relais}
ST=${ST:-.venv/bin/st}
SECONDS_PER_ROLE=${FUZZ_SECONDS_PER_ROLE:-45}
SEED=${FUZZ_SEED:-20261129}
[ "$SEED" = random ] && SEED=$(python3 -c 'import random; print(random.getrandbits(63))')
echo "schemathesis seed: $SEED (FUZZ_SEED=$SEED reproduces this run)"
workdir=$(mktemp -d)
reports=${FUZZ_REPORTS:-$workdir}
mkdir -p "$reports"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# The fuzzer is one client sending thousands of requests: the rate limits are lifted for it.
cat > "$workdir/relais.toml" <<TOML
requests_per_minute_per_address = 100000000
requests_per_minute_per_account = 100000000
sign_in_attempts_per_address = 100000000
sign_in_failures_per_account = 100000000
sign_in_failures_per_account_and_address = 100000000
sign_in_attempts_per_minute = 100000000
TOML
"$RELAIS_BIN" --config "$workdir/relais.toml" --database-url "sqlite://$workdir/relais.db" serve --demo \
  --bind "127.0.0.1:$port" --web-dir /nonexistent > "$workdir/server.log" 2>&1 &
server=$!
trap 'kill -9 $server 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 1 150); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$base/readyz" >/dev/null || { echo "relais did not start"; cat "$workdir/server.log"; exit 1; }

failed=0
# Learners and ambassadors first: the admin's run changes the demo data.
for role in learner:lea.petit@horizon.example:demo-apprenant-horizon \
            ambassador:karim.benali@horizon.example:demo-ambassadeur-horizon \
            admin:claire.martin@horizon.example:demo-admin-horizon; do
  IFS=: read -r name email password <<<"$role"
  echo "== schemathesis as $name (${SECONDS_PER_ROLE}s) =="
  # The role signs in through e2e/fuzz/hooks.py, again when its token ends.
  if ! RELAIS_FUZZ_BASE=$base RELAIS_FUZZ_EMAIL=$email RELAIS_FUZZ_PASSWORD=$password \
      PYTHONPATH=e2e/fuzz SCHEMATHESIS_HOOKS=hooks \
      "$ST" --config-file e2e/fuzz/schemathesis.toml run api-spec/openapi.json --url "$base" \
      --checks all --max-time "$SECONDS_PER_ROLE" --seed "$SEED" --workers 1 --no-color > "$reports/$name.txt" 2>&1; then
    failed=1
    cut -c1-400 "$reports/$name.txt"
  else
    tail -n 25 "$reports/$name.txt"
  fi
  # The stateful phase follows the creations' links (create → read, update, delete). Only
  # admins may create: their run must have followed some, or it tested no created resource.
  links=$(grep -Eo 'API Links: *[0-9]+ covered' "$reports/$name.txt" | grep -Eo '[0-9]+' | head -1 || true)
  scenarios=$(grep -Eo 'Scenarios: *[0-9]+' "$reports/$name.txt" | grep -Eo '[0-9]+' | head -1 || true)
  echo "stateful phase as $name: ${scenarios:-0} scenarios, ${links:-0} links followed"
  if [ "$name" = admin ] && [ "${links:-0}" -eq 0 ]; then
    echo "!! the stateful phase followed no link as admin"; failed=1
  fi
done
exit $failed
