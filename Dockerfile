# user-offers-streams: build the fat jar with Maven, run it on a JRE as a non-root user.
#
#   docker build -t user-offers-streams .
#   docker run --stop-timeout 90 -p 8080:8080 -v offers-state:/var/lib/user-offers-streams/state \
#     -e USER_OFFERS_BOOTSTRAP_SERVERS=broker:9092 user-offers-streams
#
# Configuration: /etc/user-offers-streams/streams.properties (config/streams.properties), overridden by
# USER_OFFERS_* environment variables (USER_OFFERS_BOOTSTRAP_SERVERS is bootstrap.servers; see
# docs/OPERATIONS.md), overridden in turn by "--property KEY=VALUE" arguments after the image name.
# src/test/java/com/useroffers/offers/ops/ContainerCommandLineIT.java runs the ENTRYPOINT + CMD below,
# as written, outside a container; DockerfileTest runs the HEALTHCHECK command.
#
# Base images are pinned by digest, the tag kept for readers: a rebuild gets the same bytes, not whatever
# the tag points at that day. The digests are those of the multi-platform index (manifest list), so one
# pin serves amd64 and arm64. They were taken from public Dockerfiles that pin these tags, not read from a
# registry (none is reachable where this project is built): refresh them before the first build
# (docs/OPERATIONS.md, "Running the container"). To move to a newer image (security fixes), look the tag up again and replace
# the digest, e.g. "docker buildx imagetools inspect maven:3.9-eclipse-temurin-17" (the "Digest:" line),
# or let Dependabot's "docker" ecosystem open the pull request; DockerfileTest checks every FROM is pinned.

# --- build ---------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17@sha256:1ed5d1f54416b706707b4f3238f63a20bb06aab27c6d240090a2bb9ad895ed45 AS build
WORKDIR /build
# Dependencies first, in their own layer: a source change does not download the world again.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests

# --- runtime -------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre@sha256:13cc28a6cc72a38ce1f00c906be3580c1a3e604b8984d694f369a96742abc93b

# A fixed numeric uid/gid, so that Kubernetes' runAsNonRoot can check it and fsGroup can match it.
RUN groupadd --system --gid 10001 offers \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin offers \
 && mkdir -p /var/lib/user-offers-streams/state \
 && chown -R 10001:10001 /var/lib/user-offers-streams

# The jar and the defaults belong to root and are read-only to the application.
COPY --from=build /build/target/user-offers-streams.jar /opt/user-offers-streams/user-offers-streams.jar
COPY config/streams.properties /etc/user-offers-streams/streams.properties

# The port of /health/live, /health/ready and /metrics (offers.http.port). Set here so that the
# application, EXPOSE and the HEALTHCHECK agree; change it with -e USER_OFFERS_OFFERS_HTTP_PORT=...
ENV USER_OFFERS_OFFERS_HTTP_PORT=8080
EXPOSE 8080
# The gRPC port of the ingest command (offers.ingest.port), when the image runs "ingest" instead of "run".
EXPOSE 9090

# Kafka Streams' local state (state.dir in streams.properties). Mount a volume here: a restart that
# finds its state does not restore it from the changelog topics.
VOLUME ["/var/lib/user-offers-streams/state"]

USER 10001:10001
WORKDIR /opt/user-offers-streams

# Liveness, without curl or a second JVM: bash's own /dev/tcp and builtins only (exec, printf, read),
# so one short process that forks nothing. The answer must be an HTTP 200 status line.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${USER_OFFERS_OFFERS_HTTP_PORT:-8080} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && read -r -t 4 version status rest <&3 && [[ $status == 200 ]]"]

# java is PID 1 (exec form, no shell), so SIGTERM from "docker stop" or Kubernetes reaches it and the
# application closes cleanly (commit, leave the group; allow 60 s at the defaults: docker run --stop-timeout 90).
# Heap at half of the container's memory: RocksDB's shared cache (offers.rocksdb.memory) lives outside it.
# An OutOfMemoryError ends the process at once (exit code 3) for the orchestrator to restart it, rather
# than leaving a JVM half-working. Extra JVM options: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/user-offers-streams/user-offers-streams.jar"]
CMD ["run", "--config", "/etc/user-offers-streams/streams.properties"]
