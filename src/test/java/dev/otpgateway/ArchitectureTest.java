package dev.otpgateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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

  /**
   * Classes in {@code pkg} depend on none of our packages but {@code allowed} (each given as an
   * ArchUnit package pattern; the JDK and libraries are checked by the rules above).
   */
  private static void usesOnlyOurs(String pkg, String... allowed) {
    noClasses()
        .that()
        .resideInAPackage("dev.otpgateway." + pkg + "..")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage("dev.otpgateway..")
                .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(allowed))))
        .check(MAIN);
  }

  @Test
  void routing_is_pure_decisions_over_data() {
    noClasses()
        .that()
        .resideInAPackage("dev.otpgateway.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "com.hazelcast..", "com.twilio..", "io.prometheus..")
        .check(MAIN);
    usesOnlyOurs("routing", "dev.otpgateway.routing..", "dev.otpgateway.yaml..");
  }

  /**
   * Verification orchestrates: it uses the domain packages below it and the provider SPI's data (a
   * receipt, a failure kind, the RCS capability check), never an adapter, the simulator, the
   * shared-state implementation, the API or the wiring.
   */
  @Test
  void verification_uses_the_packages_below_it_and_only_the_provider_spi() {
    usesOnlyOurs(
        "verification",
        "dev.otpgateway.verification..",
        "dev.otpgateway.compact..",
        "dev.otpgateway.routing..",
        "dev.otpgateway.delivery..",
        "dev.otpgateway.otp..",
        "dev.otpgateway.tenancy..",
        "dev.otpgateway.abuse..",
        "dev.otpgateway.ledger..",
        "dev.otpgateway.events..",
        "dev.otpgateway.conversion..",
        "dev.otpgateway.metrics..",
        "dev.otpgateway.errors..",
        "dev.otpgateway.numbers..",
        "dev.otpgateway.sms..",
        "dev.otpgateway.json..",
        "dev.otpgateway.concurrent..",
        "dev.otpgateway.providers");
  }

  @Test
  void tenancy_knows_only_errors_and_json() {
    usesOnlyOurs(
        "tenancy", "dev.otpgateway.tenancy..", "dev.otpgateway.errors..", "dev.otpgateway.json..");
  }

  @Test
  void the_fraud_guard_knows_tenants_events_and_metrics_not_verifications() {
    usesOnlyOurs(
        "abuse",
        "dev.otpgateway.abuse..",
        "dev.otpgateway.events..",
        "dev.otpgateway.metrics..",
        "dev.otpgateway.tenancy..",
        "dev.otpgateway.errors..",
        "dev.otpgateway.numbers..",
        "dev.otpgateway.json..");
  }

  @Test
  void the_ledger_records_events_and_decisions_and_knows_no_verification() {
    usesOnlyOurs(
        "ledger",
        "dev.otpgateway.ledger..",
        "dev.otpgateway.compact..",
        "dev.otpgateway.events..",
        "dev.otpgateway.routing..",
        "dev.otpgateway.tenancy..",
        "dev.otpgateway.metrics..",
        "dev.otpgateway.errors..",
        "dev.otpgateway.numbers..",
        "dev.otpgateway.json..");
  }

  @Test
  void metrics_events_and_compact_are_leaves() {
    usesOnlyOurs("metrics", "dev.otpgateway.metrics..");
    usesOnlyOurs("compact", "dev.otpgateway.compact..");
    usesOnlyOurs("events", "dev.otpgateway.events..", "dev.otpgateway.routing..");
  }
}
