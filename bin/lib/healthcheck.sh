#!/usr/bin/env bash
# The container image's HEALTHCHECK: healthy when GET /actuator/health/readiness on THE_EYE_PORT answers 200.
# Plain bash (/dev/tcp), so that the image needs no curl or wget.
set -euo pipefail
exec 3<>"/dev/tcp/127.0.0.1/${THE_EYE_PORT:-8000}"
printf 'GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 5 _ status _ <&3
[ "$status" = 200 ]
