package dev.otpgateway.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Routing is pure: the JDK and its own types, plus Jackson in the one class that reads YAML. No
 * Vert.x, no Hazelcast, no provider SDK, no other package of ours.
 */
class RoutingDependenciesTest {
  private static final JavaClasses ROUTING =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.otpgateway.routing");

  @Test
  void routing_depends_only_on_the_jdk_and_itself() {
    classes()
        .that()
        .doNotBelongToAnyOf(YamlReader.class)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.otpgateway.routing..")
        .check(ROUTING);
  }

  @Test
  void only_the_yaml_reader_touches_jackson() {
    classes()
        .that()
        .belongToAnyOf(YamlReader.class)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.otpgateway.routing..", "com.fasterxml.jackson..")
        .check(ROUTING);
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "com.hazelcast..", "com.twilio..", "org.yaml..")
        .check(ROUTING);
  }
}
