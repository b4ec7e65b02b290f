#!/bin/sh
# Prints the capture round trip's results per style: each source issue is
# captured as plain text in every style (and as the real tools dumped it),
# read back as `techshack-book import` does, and compared with its source.
set -eu
cd "$(dirname "$0")/../.."
exec cargo run --quiet --example capture -- table
