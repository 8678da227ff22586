#!/usr/bin/env bash
# Installs Vigie: the binary (Swift runtime linked statically), its lexicons, the man page, shell
# completions (bash, zsh, fish) and the systemd unit, under a prefix.
#
#   scripts/install.sh [--prefix DIR] [--scratch-path DIR]     # builds the release binary, then installs
#   scripts/install.sh --prefix DIR --binary FILE               # installs a binary built already (CI)
#
# Layout under PREFIX (default /usr/local):
#   bin/vigie                                    the binary
#   share/vigie/lexicons/{fr,en}                 the lexicons (found by the binary wherever PREFIX is)
#   share/vigie/serve/{Templates,Resources}      the dashboard's templates and files (vigie serve)
#   share/vigie/build                            what `vigie --version` says about the build
#   share/man/man1/vigie.1                       `man vigie`
#   share/bash-completion/completions/vigie      bash completion
#   share/zsh/site-functions/_vigie              zsh completion
#   share/fish/vendor_completions.d/vigie.fish   fish completion
#   lib/systemd/system/vigie.service             the unit, ExecStart pointing at PREFIX/bin/vigie
#
# Nothing here uses the network once SwiftPM has the packages (Package.resolved and the mirrors).
set -euo pipefail

usage() {
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'HELP'
Options:
  --prefix DIR        where to install (default /usr/local); created if missing
  --binary FILE       install FILE instead of building; the man page tool is then built in debug
                      (seconds once the package is built), unless generate-manual sits next to FILE
  --scratch-path DIR  SwiftPM's build folder (default .build): a separate one keeps the release build
                      from waiting on a debug build in progress
  -h, --help          this help
HELP
}

root="$(cd "$(dirname "$0")/.." && pwd)"
prefix=/usr/local
binary=""
scratch="$root/.build"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) prefix="${1#*=}"; shift ;;
        --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
        --binary=*) binary="${1#*=}"; shift ;;
        --scratch-path) scratch="${2:?--scratch-path needs a folder}"; shift 2 ;;
        --scratch-path=*) scratch="${1#*=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac

say() { echo "install.sh: $*" >&2; }

cd "$root"
if [ -z "$binary" ]; then
    say "building the release binary with the Swift runtime linked statically (several minutes the first time)"
    build=(swift build -c release --static-swift-stdlib --scratch-path "$scratch")
    "${build[@]}" --product vigie
    "${build[@]}" --product generate-manual
    bin="$("${build[@]}" --show-bin-path)"
    binary="$bin/vigie"
    manual="$bin/generate-manual"
    flavour="release, Swift runtime linked statically"
else
    [ -x "$binary" ] || { say "--binary $binary is not an executable file"; exit 1; }
    binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
    manual="$(dirname "$binary")/generate-manual"
    if [ ! -x "$manual" ]; then
        say "building the man page tool (argument-parser's generate-manual)"
        swift build --scratch-path "$scratch" --product generate-manual
        manual="$(swift build --scratch-path "$scratch" --show-bin-path)/generate-manual"
    fi
    flavour="prebuilt binary installed with --binary"
fi

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
date="$(git -C "$root" show -s --format=%cs HEAD 2>/dev/null || date -u +%F)"
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+modified"; fi
swift_version="$(swift --version 2>/dev/null | sed -n 's/.*Swift version \([0-9.]*\).*/\1/p' | head -1)"

say "installing into $prefix"
install -d "$prefix/bin" "$prefix/share/vigie/lexicons" "$prefix/share/man/man1" \
    "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
    "$prefix/share/fish/vendor_completions.d" "$prefix/lib/systemd/system"
install -m 0755 "$binary" "$prefix/bin/vigie"
rm -rf "$prefix/share/vigie/lexicons"
install -d "$prefix/share/vigie/lexicons"
cp -R "$root/Lexicons/fr" "$root/Lexicons/en" "$root/Lexicons/README.md" "$prefix/share/vigie/lexicons/"
# `vigie serve`'s templates, stylesheet, script and OpenAPI document (found under ../share/vigie/serve).
rm -rf "$prefix/share/vigie/serve"
install -d "$prefix/share/vigie/serve"
cp -R "$root/Sources/VigieServe/Templates" "$root/Sources/VigieServe/Resources" "$prefix/share/vigie/serve/"
echo "$commit $date, $flavour, Swift ${swift_version:-unknown}" >"$prefix/share/vigie/build"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$manual" "$prefix/bin/vigie" --date "$date" --output-directory "$work"
install -m 0644 "$work/vigie.1" "$prefix/share/man/man1/vigie.1"
"$prefix/bin/vigie" --generate-completion-script bash >"$work/vigie.bash"
"$prefix/bin/vigie" --generate-completion-script zsh >"$work/_vigie"
"$prefix/bin/vigie" --generate-completion-script fish >"$work/vigie.fish"
install -m 0644 "$work/vigie.bash" "$prefix/share/bash-completion/completions/vigie"
install -m 0644 "$work/_vigie" "$prefix/share/zsh/site-functions/_vigie"
install -m 0644 "$work/vigie.fish" "$prefix/share/fish/vendor_completions.d/vigie.fish"
sed "s#/usr/local/bin/vigie#$prefix/bin/vigie#g" "$root/contrib/vigie.service" >"$work/vigie.service"
install -m 0644 "$work/vigie.service" "$prefix/lib/systemd/system/vigie.service"

say "installed $("$prefix/bin/vigie" --version)"
say "  $prefix/bin/vigie, man page, completions, $prefix/lib/systemd/system/vigie.service"
