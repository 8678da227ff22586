#!/usr/bin/env bash
# Checks an installed Vigie the way a user meets it, from a folder outside the checkout:
#
#   scripts/check-install.sh PREFIX
#
# - PREFIX/bin/vigie runs a copy of Samples/ (in a temporary folder, lexicons found under PREFIX only:
#   VIGIE_LEXICONS unset) and finds its 19 mentions;
# - `vigie --version` names the build recorded by install.sh;
# - `man -l` renders the man page, `bash -n` accepts the bash completion, zsh and fish ones exist;
# - `systemd-analyze verify` accepts the unit (skipped, and said, where systemd-analyze is missing).
# Used by .ci/run after `scripts/install.sh --binary`, and by hand after a full install.
set -euo pipefail
prefix="${1:?usage: scripts/check-install.sh PREFIX}"
root="$(cd "$(dirname "$0")/.." && pwd)"
fail() { echo "check-install: $*" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$root/Samples" "$work/samples"
rm -f "$work"/samples/*.db*
mkdir "$work/elsewhere"

test -f "$prefix/share/vigie/lexicons/fr/source-valence.tsv" || fail "no lexicons under $prefix/share/vigie"
counts="$(cd "$work/elsewhere" && env -u VIGIE_LEXICONS "$prefix/bin/vigie" watch \
    --config "$work/samples/vigie.yaml" --once 2>"$work/watch.log")" || { cat "$work/watch.log" >&2; fail "watch failed"; }
total="$(echo "$counts" | sed -n 's/^[^:]*: \([0-9]*\) mentions.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')"
[ "$total" = 19 ] || fail "expected the 19 Samples mentions, got $total: $counts"
echo "check-install: watch --once from another folder: $total mentions"

version="$("$prefix/bin/vigie" --version)"
grep -qF "$(cat "$prefix/share/vigie/build")" <<<"$version" || fail "--version ($version) does not name the build"
echo "check-install: --version: $version"

man -l "$prefix/share/man/man1/vigie.1" 2>/dev/null | grep -q "backup" || fail "man -l does not render the man page"
echo "check-install: man -l renders $(man -l "$prefix/share/man/man1/vigie.1" 2>/dev/null | wc -l) lines"

bash -n "$prefix/share/bash-completion/completions/vigie" || fail "bash -n refuses the bash completion"
bash -c "source '$prefix/share/bash-completion/completions/vigie' && complete -p vigie" >/dev/null \
    || fail "the bash completion does not register vigie"
test -s "$prefix/share/zsh/site-functions/_vigie" || fail "no zsh completion"
test -s "$prefix/share/fish/vendor_completions.d/vigie.fish" || fail "no fish completion"
echo "check-install: bash completion accepted by bash -n; zsh and fish completions installed"

unit="$prefix/lib/systemd/system/vigie.service"
grep -q "^ExecStart=$prefix/bin/vigie watch" "$unit" || fail "the unit does not start $prefix/bin/vigie"
if command -v systemd-analyze >/dev/null; then
    # Documentation=man:vigie(1) is looked up too: with the installed man page on MANPATH.
    MANPATH="$prefix/share/man:" systemd-analyze verify "$unit" || fail "systemd-analyze verify refuses $unit"
    echo "check-install: systemd-analyze verify accepts the unit"
else
    echo "check-install: systemd-analyze missing (apt-get install systemd): unit not verified"
fi
