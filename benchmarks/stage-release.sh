# Sourced by the benchmarks: builds $build as a release configuration
# (-Ddevelopment=false, as the Flatpak is built) when it is not set up yet,
# installs it under $out/root and sets $staged to the installed prefix, so
# that Planwright is measured as users get it (its own icons found).
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Ddevelopment=false -Dtests=false >/dev/null
fi
if grep -q 'DEVELOPMENT_BUILD 1' "$build/config.h"; then
  echo "note: $build is a development build; its striped header bar loads" \
       "librsvg (~6.5 MiB) that a release build does not" >&2
fi
ninja -C "$build" >/dev/null
DESTDIR="$out/root" meson install -C "$build" --no-rebuild --quiet >/dev/null
prefix=$(meson introspect "$build" --buildoptions |
         python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
staged="$out/root$prefix"
