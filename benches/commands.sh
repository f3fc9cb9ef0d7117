#!/usr/bin/env bash
# Times what staff run, next to its floor, in the same run: `jury verify` on
# a simulated 150-juror x 187-project tally against `sha256sum` of the same
# file (interleaved runs, medians), and `jury check` of the bundle; peak
# memory from /usr/bin/time -v. Each run is timed from spawn to exit with
# posix_spawn + waitpid, so the harness adds little to either side.
# Usage: benches/commands.sh [runs] [OTHER_JURY…]   (builds the release
# binary first; each OTHER_JURY, e.g. an older build kept aside, is timed
# on the same tally, interleaved, for an A/B in the same run). CPU time
# (user + system) is printed beside each wall-clock median.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-31}
shift || true
cargo build --release --quiet
jury=target/release/jury
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
$jury synth-bundle --jurors 150 --projects 187 --seed 1 --out "$dir/big.ron" >/dev/null
$jury simulate "$dir/big.ron" --seed 1 --out "$dir/big.jury" --absent 5 --conflicts 0.02 >/dev/null
echo "tally: $(wc -c < "$dir/big.jury") bytes, $(wc -l < "$dir/big.jury") lines"
python3 - "$runs" "$jury" "$dir" "$@" <<'PY'
import os, statistics, sys, time
runs, jury, d, others = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
commands = {
    "jury verify": [jury, "verify", f"{d}/big.jury", "--bundle", f"{d}/big.ron"],
    "sha256sum":   ["sha256sum", f"{d}/big.jury"],
    "jury check":  [jury, "check", f"{d}/big.ron"],
}
for i, other in enumerate(others, 1):
    commands[f"other {i} verify"] = [other, "verify", f"{d}/big.jury", "--bundle", f"{d}/big.ron"]
devnull = os.open(os.devnull, os.O_WRONLY)
def once(argv):
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, argv
    return elapsed * 1e6, (usage.ru_utime + usage.ru_stime) * 1e6
times = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for _ in range(runs):  # interleaved, so load changes hit all alike
    for name, argv in commands.items():
        wall, used = once(argv)
        times[name].append(wall)
        cpu[name].append(used)
med = {name: statistics.median(t) for name, t in times.items()}
for name, m in med.items():
    print(f"{name:<14} median of {runs}: {m:8.0f} µs (CPU {statistics.median(cpu[name]):8.0f} µs)")
print(f"ratio verify / sha256sum: {med['jury verify'] / med['sha256sum']:.2f}x")
for i in range(1, len(others) + 1):
    print(f"ratio other {i} verify / sha256sum: {med[f'other {i} verify'] / med['sha256sum']:.2f}x")
PY
/usr/bin/time -v $jury verify "$dir/big.jury" --bundle "$dir/big.ron" 2>&1 >/dev/null \
    | awk -F: '/Maximum resident/ {printf "peak memory of jury verify: %d KiB\n", $2}'
