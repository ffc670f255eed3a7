# The Eye's container image, made from the jar that ./mvnw package builds; the build needs no network beyond the base
# image:
#   ./mvnw -B package -DskipTests && docker build -t the-eye .
#   docker run -p 8000:8000 -v the-eye-data:/data the-eye                 # the API (serve), SQLite in /data
#   docker run --rm -v the-eye-data:/data the-eye clients create --name shop
#   docker run -e THE_EYE_QUEUE=redis -e THE_EYE_REDIS_URL=... -e THE_EYE_DB_URL=... the-eye worker
# BASE_IMAGE: any image with a Java 21+ runtime, bash, coreutils and useradd.
ARG BASE_IMAGE=eclipse-temurin:21-jre
FROM ${BASE_IMAGE}

RUN groupadd --gid 10001 the-eye \
 && useradd --uid 10001 --gid the-eye --home-dir /data --no-create-home --shell /usr/sbin/nologin the-eye \
 && mkdir -p /data && chown the-eye:the-eye /data && chmod 0700 /data

COPY bin/ /opt/the-eye/bin/
COPY target/the-eye.jar /opt/the-eye/target/the-eye.jar
# The launcher's first run trains the class-data archives for this jar and this image's Java, the server's and the
# commands' (bin/lib/start-cache.sh), so that every container starts from them.
RUN /opt/the-eye/bin/the-eye --version

# The embedded database lives in the volume. The heap is sized from the container's memory limit.
ENV THE_EYE_DB_URL=jdbc:sqlite:/data/the-eye.db \
    THE_EYE_JAVA_OPTS="-XX:MaxRAMPercentage=75"
VOLUME /data
WORKDIR /data
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/opt/the-eye/bin/lib/healthcheck.sh"]
ENTRYPOINT ["/opt/the-eye/bin/the-eye"]
CMD ["serve"]
