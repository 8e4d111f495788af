#!/usr/bin/env bash
# Builds the demo plugins of sitegen into OUT_DIR, one jar each, named like released artifacts
# (sitegen-plugin-<name>-<version>.jar, with Implementation-Title/-Version): bin/demo and the report's
# browser tests put them on sitegen's class path. Needs the JDK's javac and jar.
# Usage: build.sh SAMPLE_APP_JAR OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app="$1"
out="$2"
mkdir -p "$out"
build() { # name version class
  local name="$1" version="$2" class="$3" work
  work="$(mktemp -d)"
  javac --release 17 -nowarn -cp "$app" -d "$work/classes" "$here/$name/${class//.//}.java"
  mkdir -p "$work/classes/META-INF/services"
  echo "$class" > "$work/classes/META-INF/services/org.example.sitegen.plugin.SitePlugin"
  printf 'Implementation-Title: sitegen-plugin-%s\nImplementation-Version: %s\n' "$name" "$version" > "$work/manifest"
  jar --create --file "$out/sitegen-plugin-$name-$version.jar" --manifest "$work/manifest" -C "$work/classes" .
  rm -rf "$work"
}
build reading-time 1.0.0 org.example.sitegenplugins.readingtime.ReadingTimeBadge
build social-cards 0.3.1 org.example.sitegenplugins.socialcards.SocialCards
build search-index 2.0.1 org.example.sitegenplugins.searchindex.SearchIndex
