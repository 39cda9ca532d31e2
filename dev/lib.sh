# Shared by the dev/ scripts: JDK discovery, directories, ports, waiting. Source it; do not run it.
# shellcheck shell=bash

QUANYU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Everything downloaded or unpacked lives outside the clone so later runs and clones reuse it.
QUANYU_CACHE="${QUANYU_CACHE:-/var/tmp/quanyu}"
QUANYU_RUN="${QUANYU_RUN:-$QUANYU_CACHE/run}"

ES_VERSION=8.19.21
KEYCLOAK_VERSION=26.7.3
ES_HTTP_PORT="${QUANYU_ES_PORT:-19200}"
ES_TRANSPORT_PORT="${QUANYU_ES_TRANSPORT_PORT:-19300}"
KC_PORT="${QUANYU_KEYCLOAK_PORT:-18080}"
KC_MGMT_PORT="${QUANYU_KEYCLOAK_MANAGEMENT_PORT:-18090}"
MONGO_PORT="${QUANYU_MONGO_PORT:-27117}"
GREENMAIL_VERSION=2.1.13
MAIL_SMTP_PORT="${QUANYU_MAIL_SMTP_PORT:-3025}"
MAIL_IMAP_PORT="${QUANYU_MAIL_IMAP_PORT:-3143}"
MAIL_API_PORT="${QUANYU_MAIL_API_PORT:-18083}"
WECHAT_PORT="${QUANYU_WECHAT_PORT:-18085}"
# The WeChat fake's demo official account; its callback is acme's WeChat channel (settings in dev/run's banner).
WECHAT_DEMO_APP_ID=wx0a1b2c3d4e5f6a7b
WECHAT_DEMO_SECRET=demo-app-secret
WECHAT_DEMO_TOKEN=quanyuDemo
WECHAT_DEMO_AES_KEY=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
SERVER_PORT="${QUANYU_SERVER_PORT:-8080}"

say() { printf '[quanyu] %s\n' "$*" >&2; }
die() { printf '[quanyu] error: %s\n' "$*" >&2; exit 1; }

# Picks the newest JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
find_jdk() {
  local candidates=() dir version best="" best_version=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for dir in "${QUANYU_JVM_DIR:-/usr/lib/jvm}"/*; do [ -d "$dir" ] && candidates+=("$dir"); done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/javac" ] || continue
    version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    version=${version%%.*}
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then best="$dir"; best_version=$version; fi
  done
  [ -n "$best" ] || die "no JDK >= 21 found (looked at \$JAVA_HOME and ${QUANYU_JVM_DIR:-/usr/lib/jvm}/*); install a JDK 21 or newer there (e.g. Temurin) or set JAVA_HOME to one"
  printf '%s\n' "$best"
}

use_jdk() {
  JAVA_HOME="$(find_jdk)" || exit 1
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Dies when a port we are about to bind is already taken by something else.
require_free_port() {
  local port=$1 what=$2
  if port_open "$port"; then
    die "port $port (for $what) is already taken by another process; stop it or set the port variable (see dev/README.md)"
  fi
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for NAME SECONDS COMMAND...: polls COMMAND once a second; prints progress every 10 s.
wait_for() {
  local name=$1 limit=$2 start=$SECONDS; shift 2
  until "$@" >/dev/null 2>&1; do
    local elapsed=$((SECONDS - start))
    [ "$elapsed" -ge "$limit" ] && return 1
    [ "$elapsed" -gt 0 ] && [ $((elapsed % 10)) -eq 0 ] && say "waiting for $name ... ${elapsed}s"
    sleep 1
  done
}

# Installs a missing command-line tool from Debian's packages (as root), or says what to install.
ensure_tool() {
  local tool=$1 package=${2:-$1}
  command -v "$tool" >/dev/null 2>&1 && return
  [ "$(id -u)" -eq 0 ] || die "'$tool' is missing: install the Debian package '$package'"
  say "installing $package"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package"; } >/dev/null \
    || die "could not install $package"
}

# A Debian package with no command of its own (a font): installed when running as root, else only reported.
ensure_package() {
  local package=$1 why=$2
  dpkg -s "$package" >/dev/null 2>&1 && return
  if [ "$(id -u)" -ne 0 ]; then
    say "'$package' is missing ($why): install it with apt-get"
    return
  fi
  say "installing $package"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package"; } >/dev/null \
    || die "could not install $package"
}

http_ok() { curl -fsS -o /dev/null --max-time 3 "$1"; }

# Copies a Maven Central artifact into DIR, printing the size downloaded so far while it runs.
fetch_artifact() {
  local coords=$1 dir=$2 label=$3
  mkdir -p "$dir"
  local log="$dir/.fetch.log" group_path
  group_path="${MAVEN_REPOSITORY:-$HOME/.m2/repository}/$(echo "${coords%%:*}" | tr . /)"
  # Run outside the project so Maven does not read its POM.
  (cd "$dir" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy -Dartifact="$coords" \
    -DoutputDirectory="$dir") >"$log" 2>&1 &
  local pid=$! start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    say "downloading $label ... $((SECONDS - start))s, $(du -sm "$group_path" 2>/dev/null | cut -f1) MB so far"
  done
  wait "$pid" || { cat "$log" >&2; die "could not download $label ($coords)"; }
}
