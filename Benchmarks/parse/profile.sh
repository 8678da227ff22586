#!/usr/bin/env bash
# Counts the instructions `vigie parse` spends on a set of documents, with
# callgrind (valgrind 3.19 cannot run the vigie binary itself: it crashes in
# libdispatch's start-up, so the parse -> JSON path is built into a small
# single-threaded driver from the same sources).
#
#   Benchmarks/parse/profile.sh OUT_DIR FILE...      # prints the instruction count
#   callgrind_annotate OUT_DIR/callgrind.out | swift demangle --simplified
#
# The driver is CMemory + VigieCore + VigieIngest + Sources/vigie/FeedDocument+JSON.swift,
# compiled with -O -wmo as a release build is; its output is byte for byte
# that of `vigie parse`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${VIGIE_SOURCES:-$(cd "$here/../.." && pwd)}  # VIGIE_SOURCES: another checkout (a baseline)
out=${1:?usage: profile.sh OUT_DIR FILE...}
shift
mkdir -p "$out/obj"
printf 'module CMemory {\n  header "%s"\n  export *\n}\n' "$root/Sources/CMemory/include/CMemory.h" \
    > "$out/obj/CMemory.modulemap"
cc -O2 -g $(pkg-config --cflags libxml-2.0) -I "$root/Sources/CMemory/include" -c "$root/Sources/CMemory/xml_arena.c" \
    -o "$out/obj/CMemory.o"
flags=(-O -wmo -g -parse-as-library -Xcc -I/usr/include/libxml2
    -Xcc "-fmodule-map-file=$root/Sources/CLibXML2/module.modulemap"
    -Xcc "-fmodule-map-file=$out/obj/CMemory.modulemap")
swiftc "${flags[@]}" -module-name VigieCore -emit-module -emit-module-path "$out/obj/VigieCore.swiftmodule" \
    -c "$root"/Sources/VigieCore/*.swift -o "$out/obj/VigieCore.o"
swiftc "${flags[@]}" -I "$out/obj" -module-name VigieIngest -emit-module \
    -emit-module-path "$out/obj/VigieIngest.swiftmodule" -c $(find "$root/Sources/VigieIngest" -name '*.swift' | sort) \
    -o "$out/obj/VigieIngest.o"
swiftc "${flags[@]}" -I "$out/obj" -module-name ProfileDriver "$here/ProfileDriver.swift" \
    "$root/Sources/vigie/FeedDocument+JSON.swift" "$out/obj/VigieCore.o" "$out/obj/VigieIngest.o" "$out/obj/CMemory.o" -lxml2 \
    -o "$out/driver"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "$out/driver" "$@" > "$out/output.jsonl" \
    2> "$out/valgrind.log"
grep -o 'Collected : [0-9]*' "$out/valgrind.log"
