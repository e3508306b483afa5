package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otpgateway.app.OpenApiDocument;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every example in the OpenAPI document fits the schema it illustrates: a media type's or a
 * parameter's {@code example} and {@code examples} against its {@code schema}, and a schema's own
 * {@code examples}. A client generated from the document, or a developer copying an example, gets
 * what the gateway accepts and answers.
 */
class OpenApiExamplesTest {
  private static final String BASE = "app:///openapi.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaOptions OPTIONS =
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri("app:///")
          .setOutputFormat(OutputFormat.Basic);

  private final JsonNode document = OpenApiDocument.tree();
  private final SchemaRepository schemas = repository();

  /** One example, where it is, and the pointer of the schema it must fit. */
  private record Example(String where, String schemaPointer, JsonNode value) {}

  private SchemaRepository repository() {
    try {
      SchemaRepository repository = SchemaRepository.create(OPTIONS);
      repository.dereference(
          BASE, JsonSchema.of(new JsonObject(JSON.writeValueAsString(OpenApiDocument.tree()))));
      return repository;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Why the value does not fit the schema at {@code pointer}, or null when it does. */
  private String misfit(String pointer, JsonNode value) {
    try {
      Object instance =
          value.isObject() || value.isArray()
              ? io.vertx.core.json.Json.decodeValue(JSON.writeValueAsString(value))
              : JSON.treeToValue(value, Object.class);
      OutputUnit result =
          schemas.validator(JsonSchema.of(schemaAt(pointer)), OPTIONS).validate(instance);
      if (Boolean.TRUE.equals(result.getValid())) {
        return null;
      }
      List<String> errors = new ArrayList<>();
      for (OutputUnit error :
          result.getErrors() == null ? List.<OutputUnit>of() : result.getErrors()) {
        errors.add(error.getInstanceLocation() + ": " + error.getError());
      }
      return errors.isEmpty() ? String.valueOf(result.getError()) : String.join("; ", errors);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The schema at a pointer of the document, its references made absolute so that they resolve to
   * the document's components, wherever in the document the schema sits.
   */
  private JsonObject schemaAt(String pointer)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    JsonNode schema = document.at(pointer).deepCopy();
    absoluteRefs(schema);
    return new JsonObject(JSON.writeValueAsString(schema));
  }

  private static void absoluteRefs(JsonNode node) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode object =
          (com.fasterxml.jackson.databind.node.ObjectNode) node;
      if (object.path("$ref").asText().startsWith("#")) {
        object.put("$ref", BASE + object.get("$ref").asText());
      }
    }
    node.forEach(OpenApiExamplesTest::absoluteRefs);
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** Every example in the tree below {@code node}, found by what OpenAPI 3.1 allows where. */
  private static void collect(JsonNode node, String pointer, List<Example> into) {
    if (node.isObject()) {
      if (node.has("schema") && node.has("example")) {
        into.add(new Example(pointer + "/example", pointer + "/schema", node.get("example")));
      }
      if (node.has("schema") && node.path("examples").isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("examples").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          into.add(
              new Example(
                  pointer + "/examples/" + escape(e.getKey()),
                  pointer + "/schema",
                  e.getValue().path("value")));
        }
      }
      // A JSON Schema's own examples are a list (an OpenAPI examples map is an object).
      if (node.path("examples").isArray()) {
        for (int i = 0; i < node.get("examples").size(); i++) {
          into.add(new Example(pointer + "/examples/" + i, pointer, node.get("examples").get(i)));
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("examples") && !e.getKey().equals("example")) {
          collect(e.getValue(), pointer + "/" + escape(e.getKey()), into);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, into);
      }
    }
  }

  @Test
  void every_example_fits_its_schema() {
    List<Example> examples = new ArrayList<>();
    collect(document, "", examples);
    List<String> misfits = new ArrayList<>();
    for (Example example : examples) {
      String why = misfit(example.schemaPointer(), example.value());
      if (why != null) {
        misfits.add(example.where() + ": " + why);
      }
    }

    assertThat(examples)
        .as("examples in the document")
        .hasSizeGreaterThan(20)
        .anyMatch(
            e -> e.where().contains("startVerification") || e.where().contains("verifications"));
    assertThat(misfits).isEmpty();
  }

  @Test
  void an_example_that_does_not_fit_is_caught() {
    String verification = "/components/schemas/Verification";
    JsonNode sent =
        document.at(
            "/paths/~1v1~1verifications/post/responses/201/content/application~1json/examples/sent/value");
    assertThat(misfit(verification, sent)).isNull();

    JsonNode wrongStatus = sent.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) wrongStatus).put("status", "maybe");
    JsonNode noId = sent.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) noId).remove("id");

    assertThat(misfit(verification, wrongStatus)).isNotNull();
    assertThat(misfit(verification, noId)).isNotNull();
  }
}
