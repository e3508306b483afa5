# The gateway image. Build the jar first: mvn -B -q -DskipTests package
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/otp-gateway.jar /app/otp-gateway.jar
COPY routing-rules /app/routing-rules
ENV OTPGW_HTTP_HOST=0.0.0.0 \
    OTPGW_RULES_DIR=/app/routing-rules \
    OTPGW_DATA_DIR=/app/data
EXPOSE 8080 5701
# Transparent huge pages for the heap and the compiled code, where the kernel offers them on
# request (THP "madvise" or "always"): a member's heap of long-lived records and its hot code
# then take fewer TLB misses. On the 2-core benchmark box the tail fell to about 0.8x and the rate
# did not drop (docs/benchmarks.md, "Huge pages for the heap"). Where THP is "never" the flag does
# nothing.
ENTRYPOINT ["java", "-XX:+UseTransparentHugePages", "-jar", "/app/otp-gateway.jar"]
