# The gateway image. Build the jar first: mvn -B -q -DskipTests package
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/otp-gateway.jar /app/otp-gateway.jar
COPY routing-rules /app/routing-rules
ENV OTPGW_HTTP_HOST=0.0.0.0 \
    OTPGW_RULES_DIR=/app/routing-rules \
    OTPGW_DATA_DIR=/app/data
EXPOSE 8080 5701
ENTRYPOINT ["java", "-jar", "/app/otp-gateway.jar"]
