#!/usr/bin/env bash
# The secret 150x187 tally, checked two ways in the same run: `jury verify`
# (every line: syntax, chain, signatures, rules, results) against
# `ssh-keygen -Y verify` of the same file (one signature over the whole
# file), and `sha256sum` of it, interleaved, each timed from spawn to exit
# (posix_spawn + wait4), medians. Each binary given (the new build first,
# then e.g. an older build kept aside) simulates its own tally, in its own
# format, and is compared with ssh-keygen on that tally.
# Usage: benches/secret.sh [runs] [OTHER_JURY…]   (builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-31}
shift || true
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
binaries=("target/release/jury" "$@")
for i in "${!binaries[@]}"; do
    jury=${binaries[$i]}
    $jury synth-bundle --jurors 150 --projects 187 --seed 1 --out "$dir/big.ron" >/dev/null
    $jury simulate "$dir/big.ron" --seed 1 --out "$dir/t$i.jury" --absent 5 --conflicts 0.02 >/dev/null
    echo "binary $i ($jury): tally $(wc -c < "$dir/t$i.jury") bytes, $(wc -l < "$dir/t$i.jury") lines, format $(head -c 200 "$dir/t$i.jury" | grep -o 'format:[0-9]*')"
done
python3 - "$runs" "$dir" "${binaries[@]}" <<'PY'
import os, statistics, sys, time
runs, d, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
devnull = os.open(os.devnull, os.O_WRONLY)
commands = {}
for i, jury in enumerate(binaries):
    t = f"{d}/t{i}.jury"
    commands[f"{i} jury verify"] = ([jury, "verify", t, "--bundle", f"{d}/big.ron"], None)
    commands[f"{i} ssh-keygen"] = (["ssh-keygen", "-Y", "verify", "-f", f"{t}.allowed_signers",
                                    "-I", "jury", "-n", "jury-tally@v1", "-s", f"{t}.sig"], t)
    commands[f"{i} sha256sum"] = (["sha256sum", t], None)
def once(argv, stdin):
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    if stdin:
        actions.append((os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0))
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, argv
    return elapsed * 1e6, (usage.ru_utime + usage.ru_stime) * 1e6
times = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for _ in range(runs):  # interleaved, so load changes hit all alike
    for name, (argv, stdin) in commands.items():
        wall, used = once(argv, stdin)
        times[name].append(wall)
        cpu[name].append(used)
med = {name: statistics.median(t) for name, t in times.items()}
for name, m in med.items():
    print(f"{name:<16} median of {runs}: {m:8.0f} µs (CPU {statistics.median(cpu[name]):8.0f} µs)")
for i in range(len(binaries)):
    print(f"binary {i}: verify / ssh-keygen {med[f'{i} jury verify'] / med[f'{i} ssh-keygen']:.2f}x, "
          f"verify / sha256sum {med[f'{i} jury verify'] / med[f'{i} sha256sum']:.2f}x")
PY
