#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them with the GC profiler (allocation per operation).
# Usage: bench/run-jmh.sh [JMH args...]   e.g. bench/run-jmh.sh StreamFanout -p readers=10
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mvn -B -q -f "$ROOT/pom.xml" -DskipTests install -pl bench/jmh -am
exec java -jar "$ROOT/bench/jmh/target/benchmarks.jar" -prof gc -f 1 -wi 3 -w 2s -i 5 -r 2s "${@:-StreamFanout}"
