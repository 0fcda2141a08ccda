#!/usr/bin/env bash
# Compares the public API of the root module (github.com/parcelkit/tracking
# and its packages, internal ones excluded) with the newest release tag and
# fails when a change is incompatible and not acknowledged.
#
#   scripts/apicheck.sh            # against the newest v* tag
#   scripts/apicheck.sh v0.1.0     # against a named tag
#
# Acknowledging a deliberate break: append apidiff's lines for it to
# .ci/api-breaks.txt (with a CHANGELOG entry); lines there stop matching once
# a newer tag is cut, so empty the file when tagging. Without any tag the
# check is skipped with a message (nothing is released yet).
set -euo pipefail
cd "$(dirname "$0")/.."

apidiff="golang.org/x/exp/cmd/apidiff@v0.0.0-20261113113407-e3970619a1a4"
module=$(go list -m)
base=${1:-$(git tag --list 'v*' --sort=-v:refname | head -n 1)}
if [ -z "$base" ]; then
  echo "apicheck: no v* tag yet, nothing to compare against (skipped)"
  exit 0
fi

work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --quiet --detach "$work/base" "$base"
# apidiff must run inside the module it reads (see apidiff -h).
(cd "$work/base" && go run "$apidiff" -m -w "$work/base.api" "$module")
go run "$apidiff" -m -incompatible "$work/base.api" "$module" >"$work/diff.txt"

accepted=.ci/api-breaks.txt
unaccepted=$(grep -v -x -F -f <(grep -v '^#' "$accepted" 2>/dev/null || true) "$work/diff.txt" | grep -v '^Incompatible changes:$' | grep -v '^$' || true)
if [ -n "$unaccepted" ]; then
  echo "apicheck: incompatible API changes since $base:"
  echo "$unaccepted"
  echo "If they are deliberate, add these lines to $accepted and say so in CHANGELOG.md."
  exit 1
fi
echo "apicheck: no unacknowledged incompatible change since $base"
