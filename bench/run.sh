#!/usr/bin/env bash
# Speed of techshack-book, side by side with what one would use instead
# (Pandoc 3 to EPUB, Pandoc to Typst and `typst compile` to PDF), and on a
# synthetic ten-year archive. Run from anywhere in a clone:
#
#   bench/run.sh
#
# It installs what is missing (pypandoc-binary and typst from PyPI into
# target/bench-tools/venv, hyperfine and time from apt), builds the release
# binary, generates the archive with bench/gen_archive.py, and prints:
#
# 1. the sample book (issues/, five issues), EPUB and PDF, ours against the
#    peers' on the same five issues in one hyperfine run, the ratio of the
#    mean wall times, and the peak RSS of each side;
# 2. 130, 260 and 520 issues (2.5, 5 and 10 annual books), their times,
#    peak RSS and growth factor per doubling;
# 3. one book of 52 issues with 1, 2 and 4 times the articles, on one
#    thread: a step that grows faster than the text shows here as a
#    growth above 2 per doubling (a quadratic one as 4).
#
# Our sample build runs with --offline after one warm build with the
# default image mode: that is the rebuild a user makes, images coming from
# the cache and no network used. (With no network at all the warm build
# cannot fetch the six remote images either, and they are linked figures
# in both books.) The peers get no images either way: a Pandoc filter
# turns remote images into links (bench/peers/link-remote-images.lua).
# The archive builds with --images link: its image addresses are made up,
# and the build is timed without any network.
#
# Environment: BENCH_DIR (work folder, default target/bench), RUNS
# (hyperfine runs for the sample, default 10), SCALE_RUNS (default 3),
# STRICT=1 to exit 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=${BENCH_DIR:-$root/target/bench}
runs=${RUNS:-10}
scale_runs=${SCALE_RUNS:-3}
mkdir -p "$work"

say() { printf '\n== %s\n' "$*"; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

say "tools"
# The peers come from PyPI into a virtual environment of the project's own
# (a system Python may refuse pip, PEP 668).
venv=$root/target/bench-tools/venv
if ! "$venv/bin/python" -c 'import pypandoc, typst' 2>/dev/null; then
    [[ -x $venv/bin/python ]] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pypandoc-binary typst
fi
export PEER_PYTHON=$venv/bin/python
pandoc=$("$PEER_PYTHON" -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
if ! command -v hyperfine >/dev/null || [[ ! -x /usr/bin/time ]]; then
    as_root apt-get update -qq
    as_root apt-get install -y -qq hyperfine time >/dev/null
fi
echo "pandoc:    $("$pandoc" --version | head -1)"
echo "typst:     typst (PyPI) $("$PEER_PYTHON" -c 'import importlib.metadata as m; print(m.version("typst"))')"
echo "hyperfine: $(hyperfine --version)"
cargo build --release --locked --quiet
bin=${CARGO_TARGET_DIR:-$root/target}/release/techshack-book
echo "ours:      $("$bin" --version)"

say "machine"
echo "cores:     $(nproc)"
echo "cpu:       $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "memory:    $(free -m | awk '/^Mem:/ {print $2 " MB"}')"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the runs"

say "inputs"
python3 bench/gen_archive.py "$work/archive-520" --issues 520
python3 bench/gen_archive.py "$work/archive-260" --issues 260
python3 bench/gen_archive.py "$work/archive-130" --issues 130
for k in 1 2 4; do
    python3 bench/gen_archive.py "$work/book-x$k" --issues 52 --articles-scale "$k"
done
# The peers read Markdown: the Markdown issues as they are, the two
# plain-text issues as our `import` recovers them.
rm -rf "$work/peer-input" && mkdir -p "$work/peer-input"
for f in issues/*; do
    name=$(basename "$f")
    case $name in
        *.md) cp "$f" "$work/peer-input/$name" ;;
        *.txt) "$bin" import "$f" >"$work/peer-input/${name%.txt}.md" ;;
    esac
done
echo "peer input: $(ls "$work/peer-input" | tr '\n' ' ')"
export TECHSHACK_BOOK_CACHE=$work/image-cache
"$bin" build -q --out "$work/out-warm" 2>/dev/null || true
echo "image cache after the warm build: $(find "$TECHSHACK_BOOK_CACHE" -type f 2>/dev/null | wc -l) file(s)"

ours=("$bin" build --offline -q --out "$work/out-ours")
peers=(bench/peers/build.sh "$pandoc" "$work/peer-input" "$work/out-peers" "$root/fonts" all)

say "sample book: ours vs Pandoc + Typst (hyperfine, $runs runs each)"
hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/sample.json" \
    -n "techshack-book build --offline" "${ours[*]}" \
    -n "pandoc epub + pandoc typst + typst compile" "${peers[*]}"

# Peak RSS: the largest of three runs (for the peers, of the largest
# process of the three steps).
peak_rss() {
    local best=0 kb
    for _ in 1 2 3; do
        /usr/bin/time -f '%M' -o "$work/rss.txt" "$@" >/dev/null 2>&1
        kb=$(tail -1 "$work/rss.txt")
        ((kb > best)) && best=$kb
    done
    echo "$best"
}
rss_ours=$(peak_rss "${ours[@]}")
rss_peers=$(peak_rss "${peers[@]}")

say "archive: 130, 260, 520 issues (hyperfine, $scale_runs runs each)"
scale_cmds=()
for n in 130 260 520; do
    scale_cmds+=(-n "$n issues" "$bin build --images link -q --root $work/archive-$n --out $work/out-$n")
done
hyperfine -N --warmup 1 --runs "$scale_runs" --export-json "$work/scale.json" "${scale_cmds[@]}"
rss_scale=()
for n in 130 260 520; do
    rss_scale+=("$(peak_rss "$bin" build --images link -q --root "$work/archive-$n" --out "$work/out-$n")")
done

say "one book, 1x, 2x, 4x the articles, one thread (hyperfine, $scale_runs runs each)"
book_cmds=()
for k in 1 2 4; do
    book_cmds+=(-n "${k}x articles" "$bin build --images link -q --root $work/book-x$k --out $work/out-book-x$k")
done
RAYON_NUM_THREADS=1 hyperfine -N --warmup 1 --runs "$scale_runs" --export-json "$work/book.json" "${book_cmds[@]}"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) after the runs"

say "summary"
BENCH_WORK=$work python3 - "$work/sample.json" "$work/scale.json" "$work/book.json" "$rss_ours" "$rss_peers" "${rss_scale[@]}" <<'EOF'
import json, os, sys
sample = json.load(open(sys.argv[1]))["results"]
scale = json.load(open(sys.argv[2]))["results"]
book = json.load(open(sys.argv[3]))["results"]
rss_ours, rss_peers = int(sys.argv[4]), int(sys.argv[5])
rss_scale = [int(x) for x in sys.argv[6:9]]
ours, peers = sample[0], sample[1]
for r in sample + scale + book:
    r["stddev"] = r["stddev"] or 0.0  # None after a single run
ratio = peers["mean"] / ours["mean"]
# Spread of the ratio from the runs' standard deviations (first order).
rel = (ours["stddev"] / ours["mean"]) ** 2 + (peers["stddev"] / peers["mean"]) ** 2
ok = []
def check(name, good):
    ok.append(good)
    return "ok" if good else "MISSED"
print(f"sample book   ours {ours['mean']*1e3:7.1f} ms ± {ours['stddev']*1e3:.1f}   "
      f"peers {peers['mean']*1e3:7.1f} ms ± {peers['stddev']*1e3:.1f}")
print(f"  ratio       {ratio:.1f}x ± {ratio * rel ** 0.5:.1f} less wall time (target >= 10x: {check('ratio', ratio >= 10)})")
print(f"  peak RSS    ours {rss_ours/1024:.1f} MB (target < 100 MB: {check('rss', rss_ours < 100*1024)}), "
      f"peers {rss_peers/1024:.1f} MB (largest step)")
t = [r["mean"] for r in scale]
for n, r, kb in zip((130, 260, 520), scale, rss_scale):
    print(f"{n:4d} issues   {r['mean']:6.2f} s ± {r['stddev']:.2f}   peak RSS {kb/1024:6.1f} MB")
print(f"  520 issues under 10 s: {check('time', t[2] < 10)}; under 1 GB: {check('mem', rss_scale[2] < 1024*1024)}")
def text_bytes(n):
    d = os.path.join(os.environ["BENCH_WORK"], f"archive-{n}", "issues")
    return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
sizes = [text_bytes(n) for n in (130, 260, 520)]
print(f"  text        {sizes[0]/1e6:.2f}, {sizes[1]/1e6:.2f}, {sizes[2]/1e6:.2f} MB: "
      f"x{sizes[1]/sizes[0]:.3f}, x{sizes[2]/sizes[1]:.3f} per doubling of the issues")
g1, g2 = t[1] / t[0], t[2] / t[1]
print(f"  growth      x{g1:.2f} (130 -> 260), x{g2:.2f} (260 -> 520) per doubling "
      f"(target <= 2: {check('growth', max(g1, g2) <= 2.0)})")
c = [r["user"] + r["system"] for r in scale]
print(f"  CPU time    {c[0]:.2f}, {c[1]:.2f}, {c[2]:.2f} s: x{c[1]/c[0]:.2f}, x{c[2]/c[1]:.2f} per doubling "
      f"(chapters are the unit of parallel work)")
b = [r["mean"] for r in book]
print(f"one book, 1x/2x/4x articles, one thread: {b[0]:.2f}, {b[1]:.2f}, {b[2]:.2f} s: "
      f"x{b[1]/b[0]:.2f}, x{b[2]/b[1]:.2f} per doubling "
      f"(linear 2, quadratic 4; target <= 2.2: {check('linear', max(b[1]/b[0], b[2]/b[1]) <= 2.2)})")
print("all targets met" if all(ok) else "some targets MISSED")
if os.environ.get("STRICT") == "1" and not all(ok):
    sys.exit(1)
EOF
