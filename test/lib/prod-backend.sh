# Sourced after stack.sh: the backend's production build, run as Backstage's
# Dockerfile runs it (`node packages/backend` from the unpacked bundle of
# `backstage-cli package build`), with its dependencies taken from this
# repository's node_modules instead of a second install.
#   build_backend_bundle          yarn workspace backend build (skipped with BENCH_SKIP_BUILD=1)
#   unpack_backend_bundle DIR     the bundle, unpacked into DIR/app
#   start_prod_backend DIR NAME [node options…] -- [backend args…]
#                                 starts DIR/app/packages/backend; sets <NAME>_PID

build_backend_bundle() {
  if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f packages/backend/dist/bundle.tar.gz ]; then
    echo "==> Building the backend (production bundle)"
    yarn workspace backend build >"$STACK_LOGS/build.log" 2>&1
  fi
}

unpack_backend_bundle() {
  local root="$PWD" app="$1/app" entry plugin name
  mkdir -p "$app/node_modules/@airflow-portal"
  tar xzf packages/backend/dist/bundle.tar.gz -C "$app"
  for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
    case "$(basename "$entry")" in
    @airflow-portal | app | backend) ;;
    *) ln -s "$entry" "$app/node_modules/$(basename "$entry")" ;;
    esac
  done
  for plugin in "$app"/plugins/*; do
    name="$(node -p "require('$plugin/package.json').name")"
    ln -s "$plugin" "$app/node_modules/$name"
    if [ -d "$root/plugins/$(basename "$plugin")/node_modules" ]; then
      ln -s "$root/plugins/$(basename "$plugin")/node_modules" "$plugin/node_modules"
    fi
  done
  ln -s "$app/packages/app" "$app/node_modules/app"
  if [ -d "$root/packages/backend/node_modules" ]; then
    ln -s "$root/packages/backend/node_modules" "$app/packages/backend/node_modules"
  fi
  # Paths in app-config.yaml (catalog files, RBAC policy) are relative to packages/backend.
  for entry in catalog-info.yaml examples rbac; do ln -s "$root/$entry" "$app/$entry"; done
}

start_prod_backend() {
  local dir="$1" name="$2" node_args=() backend_args=()
  shift 2
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do node_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  backend_args=("$@")
  (
    cd "$dir/app/packages/backend"
    exec setsid node "${node_args[@]}" . "${backend_args[@]}"
  ) >"$STACK_LOGS/$name.log" 2>&1 &
  printf -v "${name}_PID" '%s' "$!"
}

# Listening comes before the plugins are ready, and the catalog fills after
# that: waits until USER signs in (demo provider, or guest when USER is
# "guest") and sees the given catalog entities. Prints the user's token.
wait_for_catalog() {
  local base="$1" user="$2" token path
  shift 2
  for _ in $(seq 180); do
    token="$(sign_in "$base" "$user")" && {
      local ok=1
      for path in "$@"; do
        curl -sf -o /dev/null -H "Authorization: Bearer $token" \
          "$base/api/catalog/entities/by-name/$path" || ok=0
      done
      [ "$ok" = 1 ] && { echo "$token"; return 0; }
    }
    sleep 1
  done
  echo "the catalog of $base did not fill within 180 s" >&2
  return 1
}

sign_in() {
  local base="$1" user="$2" url
  if [ "$user" = guest ]; then
    url="$base/api/auth/guest/refresh"
  else
    url="$base/api/auth/demo/refresh?env=development&user=$user"
  fi
  curl -sf -H 'X-Requested-With: XMLHttpRequest' "$url" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))' 2>/dev/null
}
