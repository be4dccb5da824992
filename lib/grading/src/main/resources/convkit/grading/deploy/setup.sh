#!/usr/bin/env bash
# ConvKit autograder for assignment @ASSIGNMENT@, written by `convkit grade package`.
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu). The grader
# compiles every submission, so it needs a JDK (javac), not only a JRE. Everything else (ConvKit,
# the graders, JUnit, Gson) is in lib/ of this archive: nothing is downloaded at grading time.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless
java -version
javac -version
chmod +x /autograder/source/run_autograder 2>/dev/null || true
