# Multi-stage build of the concert reservation service.
#   docker build -t concert-reservation .
# Used by docker-compose.yml (app1, app2).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, so that a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY . .
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app app
WORKDIR /app
COPY --from=build /build/target/concert-reservation.jar /app/concert-reservation.jar
# Hazelcast (clustered event bus) asks for these; the heap follows the container's memory limit.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
USER app
# 8080 HTTP, 5701 Hazelcast
EXPOSE 8080 5701
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready >/dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/concert-reservation.jar"]
