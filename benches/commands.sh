#!/usr/bin/env bash
# Times what staff run, next to its floor, in the same run: `jury verify` on
# a simulated 150-juror x 187-project tally against `sha256sum` of the same
# file, medians of N runs; peak memory from /usr/bin/time -v.
# Usage: benches/commands.sh [runs]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-31}
cargo build --release --quiet
jury=target/release/jury
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
$jury synth-bundle --jurors 150 --projects 187 --seed 1 --out "$dir/big.ron" >/dev/null
$jury simulate "$dir/big.ron" --seed 1 --out "$dir/big.jury" --absent 5 --conflicts 0.02 >/dev/null
echo "tally: $(wc -c < "$dir/big.jury") bytes, $(wc -l < "$dir/big.jury") lines"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { # command... → wall milliseconds of one run
    local start end
    start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
}
for _ in $(seq "$runs"); do time_ms $jury verify "$dir/big.jury" --bundle "$dir/big.ron"; done | median > "$dir/verify"
for _ in $(seq "$runs"); do time_ms sha256sum "$dir/big.jury"; done | median > "$dir/sha"
for _ in $(seq "$runs"); do time_ms $jury check "$dir/big.ron"; done | median > "$dir/check"
v=$(cat "$dir/verify"); s=$(cat "$dir/sha"); c=$(cat "$dir/check")
echo "jury verify (median of $runs): ${v} µs"
echo "sha256sum   (median of $runs): ${s} µs"
echo "jury check  (median of $runs): ${c} µs"
awk -v v="$v" -v s="$s" 'BEGIN {printf "ratio verify / sha256sum: %.1fx\n", v / s}'
/usr/bin/time -v $jury verify "$dir/big.jury" --bundle "$dir/big.ron" 2>&1 >/dev/null \
    | awk -F: '/Maximum resident/ {printf "peak memory of jury verify: %d KiB\n", $2}'
