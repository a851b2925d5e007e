#!/bin/sh
# Runs every test — C unit tests (ASan/UBSan), API tests against a real
# server, browser tests in Chromium, the format check — and ends with one
# line "N passed, N failed".  Exit status 0 only if nothing failed.
cd "$(dirname "$0")/.."
pass=0
fail=0
log=build/test-logs
mkdir -p "$log"

count_tap() { # file -> adds to pass/fail
	p=$(grep -cE '^ *ok [0-9]+' "$1")
	f=$(grep -cE '^ *not ok [0-9]+' "$1")
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -eq 0 ] || grep -E '^ *not ok' "$1" | sed 's/^/  FAIL /'
}

echo "== unit tests (cmocka, ASan/UBSan)"
for t in build/san/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 "$t" > "$log/$name.tap" 2>&1
	rc=$?
	count_tap "$log/$name.tap"
	if [ $rc -ne 0 ] && ! grep -qE '^ *not ok' "$log/$name.tap"; then
		echo "  FAIL $name exited $rc"; fail=$((fail + 1)); tail -20 "$log/$name.tap"
	fi
done

echo "== format (clang-format)"
if make -s check-format > "$log/format.txt" 2>&1; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "  FAIL clang-format: run make format"; head -20 "$log/format.txt"; fi

for suite in api e2e; do
	files=$(ls tests/$suite/*.test.mjs 2>/dev/null)
	[ -n "$files" ] || continue
	echo "== $suite tests"
	node --test --test-concurrency=2 --test-reporter=tap $files > "$log/$suite.tap" 2>&1
	# node's TAP nests subtests; count only leaf test points
	p=$(grep -cE '^ *ok [0-9]+ - ' "$log/$suite.tap")
	f=$(grep -cE '^ *not ok [0-9]+ - ' "$log/$suite.tap")
	# files are reported as tests too: subtract file-level points
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -eq 0 ] || grep -B2 -A30 -E '^ *not ok' "$log/$suite.tap" | head -120
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
