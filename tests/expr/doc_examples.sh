#!/usr/bin/env bash
# Runs every "$ leadqual eval ..." example in a document and compares the line after it with
# what the command prints, so docs/expressions.md stays true to the code.
# usage: doc_examples.sh LEADQUAL_BINARY DOCUMENT
set -uo pipefail
binary=$1
document=$2
passed=0
failed=0
expect_next=0
command=""
while IFS= read -r line; do
  if ((expect_next)); then
    expect_next=0
    actual=$(eval "\"$binary\" ${command#leadqual }" 2>&1)
    if [[ "$actual" == "$line" ]]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL: \$ $command"
      echo "  expected: $line"
      echo "  actual:   $actual"
    fi
  elif [[ "$line" == '$ leadqual eval '* ]]; then
    command=${line#\$ }
    expect_next=1
  fi
done <"$document"
echo "$document: $passed examples passed, $failed failed"
((failed == 0 && passed > 0))
