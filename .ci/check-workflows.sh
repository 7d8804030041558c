#!/usr/bin/env bash
# Checks .github/workflows beyond what actionlint does:
#  - every `uses:` of a remote action is pinned to a full 40-hex commit SHA
#    followed by a `# vX.Y.Z` comment naming the release it is (Dependabot
#    keeps both current);
#  - no workflow runs on pull_request_target (it hands secrets and a write
#    token to code from forks).
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[ ${#workflows[@]} -gt 0 ] || { echo "check-workflows: no workflow files" >&2; exit 1; }

bad=0
count=0
pin='^[[:space:]]*(-[[:space:]]+)?uses:[[:space:]]+[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}[[:space:]]+#[[:space:]]v[0-9]+\.[0-9]+\.[0-9]+[[:space:]]*$'
for f in "${workflows[@]}"; do
	while IFS=: read -r line text; do
		count=$((count + 1))
		if [[ $text =~ uses:[[:space:]]+\./ ]]; then
			continue # a local action: versioned with this repository
		fi
		if ! [[ $text =~ $pin ]]; then
			echo "$f:$line: not pinned to a commit SHA with a '# vX.Y.Z' comment:$text" >&2
			bad=1
		fi
	done < <(grep -nE '^[[:space:]]*(-[[:space:]]+)?uses:' "$f" || true)
	if grep -nE '^[^#]*pull_request_target' "$f" >&2; then
		echo "$f: pull_request_target is not allowed" >&2
		bad=1
	fi
done
[ "$count" -gt 0 ] || { echo "check-workflows: no uses: lines found; the pattern no longer matches" >&2; exit 1; }
[ "$bad" -eq 0 ] || exit 1
echo "check-workflows: ${#workflows[@]} workflows, $count pinned uses:, no pull_request_target"
