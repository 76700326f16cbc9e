#!/usr/bin/env bash
# A real Ray cluster on this machine (issue 20): a head on 127.0.0.1 and a second node process,
# a 200-point spec through the driver, the second node's worker processes killed halfway; every
# point must then be in the store exactly once and equal, byte for byte, what `tessera explore`
# computes locally. Everything on loopback, bounded in time, stopped at the end.
#   tools/ray/test-cluster.sh [TESSERA_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
tessera=${1:-$PWD/.build/debug/tessera}
[ -x "$tessera" ] || swift build --product tessera >&2
python3 -c "import ray" 2>/dev/null || python3 -m pip install -q ray >&2
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cleanup() { ray stop --force >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cp onnx-samples/lenet5.onnx onnx-samples/mlp.onnx "$work"
cat > "$work/spec.yaml" <<'YAML'
base: gemmini
models: [lenet5.onnx, mlp.onnx]
axes:
  compute.mesh.rows: [2, 4, 6, 8, 10, 12, 14, 16, 24, 32]
  compute.mesh.cols: [2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 31, 32]
YAML
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from points').fetchone()[0])" "$work/spec.yaml.explore.sqlite" 2>/dev/null || echo 0; }
export RAY_DISABLE_USAGE_STATS=1
timeout 120 ray start --head --node-ip-address=127.0.0.1 --port="$port" --num-cpus=1 --include-dashboard=false >/dev/null
first=$(pgrep -n raylet)
timeout 120 ray start --address="127.0.0.1:$port" --node-ip-address=127.0.0.1 --num-cpus=1 >/dev/null
second=$(pgrep -n raylet)
[ "$first" != "$second" ] || { echo "the second Ray node did not start" >&2; exit 1; }
(cd tools/ray && timeout 600 python3 -m tessera_ray "$work/spec.yaml" --address "127.0.0.1:$port" --chunk 10 \
  --tessera "$tessera") 2> "$work/driver.log" &
driver=$!
deadline=$((SECONDS + 300))
while [ "$(count)" -lt 100 ]; do
  [ $SECONDS -lt $deadline ] || { cat "$work/driver.log" >&2; echo "no progress" >&2; exit 1; }
  sleep 0.5
done
killed=$(pgrep -P "$second" -f 'ray::|default_worker' || true)
[ -n "$killed" ] && kill -9 $killed
echo "killed $(echo $killed | wc -w) worker process(es) of the second node at $(count) stored points"
wait "$driver" || { cat "$work/driver.log" >&2; exit 1; }
stored=$(count)
rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(distinct overrides) from points').fetchone()[0])" "$work/spec.yaml.explore.sqlite")
"$tessera" explore "$work/spec.yaml" --list-points > "$work/all.jsonl"
"$tessera" explore "$work/spec.yaml" --points "$work/all.jsonl" --out "$work/local.jsonl" 2>/dev/null
python3 - "$work/spec.yaml.explore.sqlite" "$work/local.jsonl" <<'PY'
import sqlite3, sys
stored = sorted(row[0] for row in sqlite3.connect(sys.argv[1]).execute("select result from points"))
local = sorted(line for line in open(sys.argv[2]).read().splitlines() if line)
assert len(stored) == 200, f"{len(stored)} points stored"
assert stored == local, "a stored result differs from the local run"
PY
echo "cluster run: $stored points stored ($rows distinct), every one equal to the local run"
tail -n 1 "$work/driver.log"
# An evolutionary spec runs generation by generation on the cluster; the store must end as a
# local run's does.
mkdir -p "$work/evolution" "$work/local"
for folder in evolution local; do
  cp onnx-samples/lenet5.onnx "$work/$folder"
  cat > "$work/$folder/spec.yaml" <<'YAML'
base: gemmini
models: [lenet5.onnx]
axes:
  compute.mesh.rows: [2, 4, 8, 16, 32]
  compute.mesh.cols: [2, 4, 8, 16, 32]
  memory.scratchpad.size_bytes: [16384, 65536, 262144]
objectives: [latency, energy, area]
strategy: evolutionary
budget: 40
seed: 3
YAML
done
(cd tools/ray && timeout 300 python3 -m tessera_ray "$work/evolution/spec.yaml" --address "127.0.0.1:$port" \
  --chunk 4 --tessera "$tessera") 2> "$work/evolution.log" || { cat "$work/evolution.log" >&2; exit 1; }
"$tessera" explore "$work/local/spec.yaml" --jobs 2 > /dev/null 2>&1
python3 - "$work/evolution/spec.yaml.explore.sqlite" "$work/local/spec.yaml.explore.sqlite" <<'PY'
import sqlite3, sys
cluster, local = (sorted(row[0] for row in sqlite3.connect(path).execute("select result from points")) for path in sys.argv[1:])
assert len(local) == 40, f"the local run stored {len(local)} points"
assert cluster == local, f"the cluster's {len(cluster)} evolutionary results differ from the local run's"
PY
echo "evolutionary run: $(grep -c 'points to evaluate' "$work/evolution.log") generations, 40 points equal to the local run"
