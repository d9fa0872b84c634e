#!/bin/sh
# One-shot: waits for Temporal, then makes sure the namespace and the Keyword search attributes named as arguments exist.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${TEMPORAL_RETENTION:?}"

# retry <what> <command...>: the frontend and a new namespace take a few seconds to answer.
retry() {
  what=$1
  shift
  tries=1
  until "$@"; do
    [ "$tries" -lt 60 ] || { echo "gave up: $what at $TEMPORAL_ADDRESS" >&2; exit 1; }
    tries=$((tries + 1))
    sleep 2
  done
}

retry 'cluster health' temporal operator cluster health --address "$TEMPORAL_ADDRESS"
if ! temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  retry "create namespace $TEMPORAL_NAMESPACE" temporal operator namespace create \
    --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" --retention "$TEMPORAL_RETENTION"
fi
# One call per name: the CLI pairs each --name with a --type and would add only the first of several.
for name do
  retry "create search attribute $name" temporal operator search-attribute create \
    --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type Keyword
done
temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"
