#!/usr/bin/env bash
# Installs ConvKit's Java Jupyter kernel ("Java (ConvKit)", kernelspec convkit-java) for Jupyter:
# the same as `./convkit kernel install [--user|--sys-prefix|--prefix DIR]` (--user by default).
# The kernelspec is self-contained (kernel.json, lib/ with every jar, convkit.jsh), so the
# installed kernel keeps working when this checkout moves. `./convkit kernel uninstall` removes it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$here/convkit" kernel install "$@"
