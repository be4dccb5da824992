#!/usr/bin/env bash
# Installs ConvKit's Java Jupyter kernel ("Java (ConvKit)", kernelspec name convkit-java):
#   1. Jupyter from Debian packages: classic notebook server, nbconvert, jupyter_client, nbclient
#   2. the library and the kernel built with Maven (their jars resolved from Maven Central)
#   3. the kernelspec the build wrote (kernel-config/target/jupyter/kernels/convkit-java)
#      registered with `jupyter kernelspec install --user`; extra arguments go to that command,
#      e.g. `kernel-config/install.sh --sys-prefix`.
# The kernel runs the JDK that ran Maven, with the library jar and its runtime dependencies on
# IJAVA_CLASSPATH and kernel-config/convkit.jsh as IJAVA_STARTUP_SCRIPTS_PATH. The paths point
# into this checkout: after changing the library, `mvn -pl kernel-config -am package` is enough.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

echo "install.sh: installing Jupyter from Debian packages..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  jupyter-nbconvert jupyter-client jupyter-notebook python3-nbclient >/dev/null

command -v mvn >/dev/null || { echo "install.sh: Maven (mvn) is needed: apt-get install maven" >&2; exit 1; }
java --list-modules 2>/dev/null | grep -q '^jdk.jshell@' \
  || { echo "install.sh: the kernel needs a JDK 17+ with jdk.jshell (a JRE is not enough)" >&2; exit 1; }

echo "install.sh: building the library and the kernel (mvn package)..." >&2
mvn -q -B -f "$here/pom.xml" -pl lib,kernel-config -am package -DskipTests

spec="$here/kernel-config/target/jupyter/kernels/convkit-java"
[ -f "$spec/kernel.json" ] || { echo "install.sh: the build wrote no $spec/kernel.json" >&2; exit 1; }
# Debian's Jupyter runs under /usr/bin/python3; a `jupyter` of another Python first on PATH would not see it.
where=("$@")
[ ${#where[@]} -eq 0 ] && where=(--user)
/usr/bin/jupyter kernelspec install --replace --name convkit-java "${where[@]}" "$spec"
echo "install.sh: registered \"Java (ConvKit)\" (kernelspec convkit-java); jupyter kernelspec list shows where" >&2
