package dev.otpgateway.providers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each provider has two halves that must stay strangers: the adapter ({@code providers.<name>}),
 * which the gateway sends through, and the simulated provider ({@code providers.<name>.simulated}),
 * which models the real one from its documents. If the simulated half borrowed the adapter's
 * limits, signatures or parsing, a mistake in the adapter would be copied into the simulator and
 * the contract test could never catch it. They meet only on the wire, in the contract tests.
 *
 * <p>The simulated half may use the simulator's own frame ({@code providers.simulator}), the
 * provider SPI's records, the network's rules ({@code sms}), and plain libraries: no adapter, no
 * provider SDK.
 */
class ProviderDependenciesTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.otpgateway");

  private static final String ROOT = "dev.otpgateway.providers.";
  private static final Pattern SIMULATED_PACKAGE =
      Pattern.compile("dev\\.otpgateway\\.providers\\.(\\w+)\\.simulated(\\..*)?");

  /** Every provider that has a simulated half, found in the compiled classes. */
  static List<String> simulatedProviders() {
    return MAIN.stream()
        .map(JavaClass::getPackageName)
        .map(SIMULATED_PACKAGE::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .distinct()
        .sorted()
        .toList();
  }

  @Test
  void every_provider_the_gateway_ships_has_a_simulated_half() {
    assertThat(simulatedProviders()).contains("twilio", "sinch", "messagebird", "rbm");
  }

  @ParameterizedTest
  @MethodSource("simulatedProviders")
  void an_adapter_never_uses_its_simulated_half(String provider) {
    noClasses()
        .that()
        .resideInAPackage(ROOT + provider + "..")
        .and()
        .resideOutsideOfPackage(ROOT + provider + ".simulated..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + provider + ".simulated..")
        .check(MAIN);
  }

  @ParameterizedTest
  @MethodSource("simulatedProviders")
  void a_simulated_half_never_uses_an_adapter_or_an_sdk(String provider) {
    classes()
        .that()
        .resideInAPackage(ROOT + provider + ".simulated..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.crypto..",
            "io.vertx..",
            "io.netty..",
            "com.google.i18n.phonenumbers..",
            "dev.otpgateway.providers",
            "dev.otpgateway.providers.simulator..",
            "dev.otpgateway.sms..",
            ROOT + provider + ".simulated..")
        .check(MAIN);
  }

  @Test
  void only_the_wiring_knows_the_simulated_providers() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.otpgateway.app..", ROOT + "*.simulated..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + "*.simulated..")
        .check(MAIN);
  }
}
