#!/usr/bin/env bash
# Compiles test/contract/node-rfc against the declarations node-rfc 3.3.1 publishes. node-rfc itself cannot be
# installed without SAP's NW RFC SDK (its install script builds against sapnwrfc.h), so the package is fetched with
# `npm pack` (no install scripts run) and only its .d.ts files are used.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=node_modules/.cache/node-rfc-types
if [ ! -f "$dir/package/lib/index.d.ts" ]; then
  mkdir -p "$dir"
  npm pack node-rfc@3.3.1 --pack-destination "$dir" --silent >/dev/null
  tar xzf "$dir/node-rfc-3.3.1.tgz" -C "$dir"
fi
npx tsc -p test/contract/node-rfc/tsconfig.json
echo "node-rfc 3.3.1 declarations: plugins/sap/rfc/nodeRfcTypes.ts fits"
