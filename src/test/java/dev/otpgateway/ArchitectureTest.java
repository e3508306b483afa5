package dev.otpgateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dependency rules of STYLE.md, checked on the compiled classes. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.otpgateway");

  private static final List<String> ADAPTERS = List.of("twilio", "sinch", "messagebird", "rbm");

  @Test
  void only_the_cluster_package_touches_hazelcast() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.otpgateway.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.hazelcast..", "io.vertx.spi.cluster.hazelcast..")
        .check(MAIN);
  }

  @Test
  void only_the_metrics_package_touches_the_prometheus_client() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.otpgateway.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.prometheus..")
        .check(MAIN);
  }

  @Test
  void only_the_twilio_adapter_touches_the_twilio_sdk() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.otpgateway.providers.twilio..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.twilio..")
        .check(MAIN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"twilio", "sinch", "messagebird", "rbm"})
  void a_provider_adapter_knows_no_other_provider_and_nothing_above_it(String adapter) {
    String[] others =
        ADAPTERS.stream()
            .filter(a -> !a.equals(adapter))
            .map(a -> "dev.otpgateway.providers." + a + "..")
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage("dev.otpgateway.providers." + adapter + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.otpgateway.api..",
            "dev.otpgateway.app..",
            "dev.otpgateway.verification..",
            "dev.otpgateway.delivery..",
            "dev.otpgateway.routing..",
            "dev.otpgateway.tenancy..",
            "dev.otpgateway.cluster..")
        .check(MAIN);
  }

  @Test
  void the_provider_spi_and_simulator_frame_know_no_adapter() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.otpgateway.providers", "dev.otpgateway.providers.simulator")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.otpgateway.providers.twilio..",
            "dev.otpgateway.providers.sinch..",
            "dev.otpgateway.providers.messagebird..",
            "dev.otpgateway.providers.rbm..")
        .check(MAIN);
  }

  @Test
  void nothing_points_back_up_at_the_api_or_the_wiring() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.otpgateway.api..", "dev.otpgateway.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.otpgateway.api..", "dev.otpgateway.app..")
        .check(MAIN);
  }

  @Test
  void delivery_knows_nothing_of_verifications() {
    noClasses()
        .that()
        .resideInAPackage("dev.otpgateway.delivery..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.otpgateway.verification..", "dev.otpgateway.tenancy..", "dev.otpgateway.cluster..")
        .check(MAIN);
  }

  @Test
  void code_number_and_sms_primitives_depend_on_nothing_of_ours() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.otpgateway.otp..", "dev.otpgateway.numbers..", "dev.otpgateway.sms..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.otpgateway.api..",
            "dev.otpgateway.app..",
            "dev.otpgateway.verification..",
            "dev.otpgateway.delivery..",
            "dev.otpgateway.providers..",
            "dev.otpgateway.tenancy..",
            "dev.otpgateway.cluster..",
            "dev.otpgateway.routing..")
        .check(MAIN);
  }
}
