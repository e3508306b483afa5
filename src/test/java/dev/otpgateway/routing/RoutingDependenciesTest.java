package dev.otpgateway.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.otpgateway.yaml.YamlReader;
import org.junit.jupiter.api.Test;

/**
 * Routing is pure: the JDK and its own types, plus the strict YAML reader its loader reads rules
 * with. No Vert.x, no Hazelcast, no provider SDK, no other package of ours; and only the YAML
 * reader touches Jackson.
 */
class RoutingDependenciesTest {
  private static final JavaClasses ROUTING_AND_YAML =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.otpgateway.routing", "dev.otpgateway.yaml");

  @Test
  void routing_depends_only_on_the_jdk_itself_and_the_yaml_reader() {
    classes()
        .that()
        .resideInAPackage("dev.otpgateway.routing..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.otpgateway.routing..", "dev.otpgateway.yaml..")
        .check(ROUTING_AND_YAML);
  }

  @Test
  void only_the_yaml_reader_touches_jackson() {
    classes()
        .that()
        .resideInAPackage("dev.otpgateway.yaml..")
        .and()
        .doNotBelongToAnyOf(YamlReader.class)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.otpgateway.yaml..")
        .check(ROUTING_AND_YAML);
    classes()
        .that()
        .belongToAnyOf(YamlReader.class)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.otpgateway.yaml..", "com.fasterxml.jackson..")
        .check(ROUTING_AND_YAML);
  }
}
