# Multi-stage build of the exporter image: Maven builds the shaded jar, a JRE runs it as non-root.
#   docker build -t kafka-connect-exporter .
#   docker run -p 9840:9840 -v $PWD/my.conf:/etc/kafka-connect-exporter/exporter.conf kafka-connect-exporter
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
COPY src/main src/main
# Tests need a real Kafka cluster and are run by `mvn verify` outside the image build.
RUN mvn -B -q package -Dmaven.test.skip=true -DskipClusterAssembly=true

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 exporter && useradd --system --uid 10001 --gid exporter --no-create-home exporter
COPY --from=build /src/target/kafka-connect-exporter.jar /opt/kafka-connect-exporter/kafka-connect-exporter.jar
COPY config/exporter.conf /etc/kafka-connect-exporter/exporter.conf
USER 10001:10001
# Inside a container the exporter must listen on all interfaces to be scraped.
ENV EXPORTER_LISTEN_HOST=0.0.0.0
EXPOSE 9840
# Exit on OutOfMemoryError so that the orchestrator restarts the exporter (README, "Memory").
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/kafka-connect-exporter/kafka-connect-exporter.jar"]
CMD ["--config", "/etc/kafka-connect-exporter/exporter.conf"]
