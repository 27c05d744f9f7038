#!/usr/bin/env bash
# Fuzzes every target for a bounded time with libFuzzer (clang 14 from
# Debian, with AddressSanitizer and UndefinedBehaviorSanitizer), then merges
# the inputs that found new code paths into tests/fuzz/corpus/<target>/,
# which the test suite replays (ctest -L fuzz). A crash stops the script and
# leaves the input that caused it in build/fuzz/findings/<target>/.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, every target)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(host richtext json_body form tar wilayah_csv move_in)

if ! command -v clang++ >/dev/null || [ -z "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ]; then
  echo "run.sh: needs clang and libFuzzer: apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$t work=build/fuzz/work/$t findings=build/fuzz/findings/$t
  rm -rf "$work"
  mkdir -p "$work" "$findings"
  echo "== $t: ${seconds}s"
  build/fuzz/tests/fuzz_$t "$work" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 2>&1 | grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY" || true
  if ls "$findings"/crash-* "$findings"/leak-* "$findings"/timeout-* >/dev/null 2>&1; then
    echo "run.sh: $t found a failing input, kept in $findings/" >&2
    exit 1
  fi
  # Keep only inputs that add coverage, small ones first.
  before=$(ls "$corpus" | wc -l)
  build/fuzz/tests/fuzz_$t -merge=1 "$corpus" "$work" >/dev/null 2>&1
  echo "   corpus $corpus: $before -> $(ls "$corpus" | wc -l) inputs"
done
