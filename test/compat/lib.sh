# Helpers for run.sh: servers, scenario runs and totals. Sourced, not run.
# Uses run.sh's globals: root, work, pids, admin_key, user_key, target.

next_port=18480

# free_port prints a loopback port nobody listens on.
free_port() {
  while (exec 3<>"/dev/tcp/127.0.0.1/$next_port") 2>/dev/null; do next_port=$((next_port + 1)); done
  echo "$next_port"
  next_port=$((next_port + 1))
}

# write_config FILE PORT DB MAX_INFLIGHT: a heketi.json both servers accept.
write_config() {
  cat > "$1" <<JSON
{
  "port": "$2",
  "jwt": {"admin": {"key": "$admin_key"}, "user": {"key": "$user_key"}},
  "glusterfs": {
    "executor": "mock",
    "db": "$3",
    "loglevel": "info",
    "max_inflight_operations": $4,
    "disable_background_cleaner": true
  }
}
JSON
}

# start_server KIND NAME DB [MAX_INFLIGHT] [VAR=VALUE...]
# KIND is heketi or heketi-ts. Sets url_NAME and pid_NAME; waits for /hello.
start_server() {
  local kind=$1 name=$2 db=$3 inflight=${4:-8}
  shift 4 2>/dev/null || shift $#
  local port cfg="$work/$name.json" log="$work/$name.log"
  port="$(free_port)"
  write_config "$cfg" "$port" "$db" "$inflight"
  if [[ $kind == heketi ]]; then
    env "$@" "$HEKETI_BIN" --config="$cfg" >>"$log" 2>&1 &
  else
    (cd "$root" && exec env "$@" node --import tsx src/main.ts serve --config="$cfg") >>"$log" 2>&1 &
  fi
  local pid=$!
  pids+=("$pid")
  printf -v "pid_$name" %s "$pid"
  printf -v "url_$name" %s "http://127.0.0.1:$port"
  local i
  for ((i = 0; i < 300; i++)); do
    if curl -fs "http://127.0.0.1:$port/hello" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "compat: $kind ($name) did not start; its log:" >&2
  tail -n 20 "$log" >&2
  return 1
}

# stop_server NAME: ends that server (by its PID) and waits for it.
stop_server() {
  local var="pid_$1"
  kill "${!var}" 2>/dev/null
  wait "${!var}" 2>/dev/null
  return 0
}

# compat NAME URL ARGS...: runs the scenario program, keeping its output.
compat() {
  local out="$work/$1.out" url=$2
  shift 2
  "$COMPAT_BIN" -url "$url" -user admin -key "$admin_key" "$@" 2>&1 | tee "$out"
  return "${PIPESTATUS[0]}"
}

subject_kind() { [[ $target == heketi ]] && echo heketi || echo heketi-ts; }

scenario_client() {
  start_server "$(subject_kind)" client "$work/client.db" 8 || return 1
  compat client "$url_client" -label "$target" client
}

scenario_provisioner() {
  start_server "$(subject_kind)" prov "$work/prov.db" 8 || return 1
  compat provisioner "$url_prov" -label "$target" provisioner
}

# The throttle scenario needs a server that holds operations in flight:
# one operation at a time and, for heketi-ts, a slow mock executor
# (HEKETI_TS_MOCK_FAULTS delays every gluster volume create by 300 ms) that
# answers 429 at once as Heketi does, instead of letting the create wait for
# the slot (HEKETI_TS_THROTTLE_WAIT_SECONDS=0): the scenario checks the Go
# client's back-off on 429.
scenario_throttle() {
  local expect=()
  [[ $target == heketi ]] || expect=(-expect-throttle)
  start_server "$(subject_kind)" throttle "$work/throttle.db" 1 \
    HEKETI_TS_MOCK_FAULTS=volumeCreate=delay:300 HEKETI_TS_THROTTLE_WAIT_SECONDS=0 || return 1
  compat throttle "$url_throttle" -label "$target" -concurrency 4 "${expect[@]}" throttle
}

topology_file() { echo "$root/topology.example.json"; }

scenario_cli() {
  start_server "$(subject_kind)" cli "$work/cli.db" 8 || return 1
  compat cli "$url_cli" -label "$target" -heketi-cli "$HEKETI_CLI_BIN" -topology "$(topology_file)" cli
}

# Heketi builds a state, exports it; heketi-ts imports it; both must answer alike.
scenario_migrate() {
  local db="$work/migrate-heketi.db" export="$work/migrate-export.json" ts_db="$work/migrate-ts.db"
  start_server heketi mig_heketi "$db" 8 || return 1
  compat migrate-seed "$url_mig_heketi" -label heketi seed || return 1
  stop_server mig_heketi
  "$HEKETI_BIN" db export --dbfile="$db" --jsonfile="$export" || return 1
  import_export "$export" "$ts_db" || return 1
  start_server "$(subject_kind)" mig_subject "$ts_db" 8 || return 1
  start_server heketi mig_heketi2 "$db" 8 || return 1
  compat migrate "$url_mig_heketi2" -label heketi -other-url "$url_mig_subject" -other-key "$admin_key" \
    -other-label "$target" compare
}

import_export() {
  if [[ $target == heketi ]]; then
    "$HEKETI_BIN" db import --jsonfile="$1" --dbfile="$2"
    return
  fi
  local cfg="$work/import.json"
  write_config "$cfg" 0 "$2" 8
  (cd "$root" && node --import tsx src/main.ts db import --heketi-export "$1" --config="$cfg")
}

# heketi-cli on Heketi is the reference; the subject CLI runs on the subject server.
scenario_clidiff() {
  start_server heketi diff_heketi "$work/diff_heketi.db" 8 || return 1
  start_server "$(subject_kind)" diff_subject "$work/diff_subject.db" 8 || return 1
  local other="node --import tsx src/main.ts"
  [[ $target == heketi ]] && other="$HEKETI_CLI_BIN"
  compat clidiff "$url_diff_heketi" -label heketi-cli -heketi-cli "$HEKETI_CLI_BIN" -topology "$(topology_file)" \
    -other-url "$url_diff_subject" -other-key "$admin_key" -other-cli "$other" -other-cli-dir "$root" clidiff
}

# print_totals FILE...: adds up the TOTALS lines of every scenario.
print_totals() {
  local calls=0 cli=0 ents=0 fails=0 line
  while read -r line; do
    calls=$((calls + $(sed 's/.*"client_calls":\([0-9]*\).*/\1/' <<<"$line")))
    cli=$((cli + $(sed 's/.*"cli_commands":\([0-9]*\).*/\1/' <<<"$line")))
    ents=$((ents + $(sed 's/.*"entities":\([0-9]*\).*/\1/' <<<"$line")))
    fails=$((fails + $(sed 's/.*"failures":\([0-9]*\).*/\1/' <<<"$line")))
  done < <(grep -h '^TOTALS ' "$@" 2>/dev/null)
  echo "compat totals: client calls checked $calls, CLI commands checked $cli, entities compared $ents, failed checks $fails"
  # The line .ci/run counts: every client call, CLI command and entity checked is one check.
  echo "compat: $((calls + cli + ents - fails)) passed, $fails failed"
}
