package dev.otpgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otpgateway.app.OpenApiDocument;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIContractBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.mediatype.ContentAnalyser;
import io.vertx.openapi.mediatype.MediaTypeRegistration;
import io.vertx.openapi.mediatype.MediaTypeRegistry;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.ValidationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds every response a test receives against the OpenAPI document the gateway serves: the route
 * must be documented, and the status, content type and body must match it.
 */
public final class OpenApiContract {
  private static OpenApiContract instance;

  private final Vertx vertx = Vertx.vertx();
  private final OpenAPIContract contract;
  private final ResponseValidator validator;

  private OpenApiContract() {
    try {
      JsonObject document =
          new JsonObject(new ObjectMapper().writeValueAsString(OpenApiDocument.tree()));
      // The first registration that can handle a type wins: plain text goes first, as a string.
      MediaTypeRegistry mediaTypes =
          MediaTypeRegistry.createEmpty()
              .register(new PlainText(List.of("text/plain", "text/csv")))
              .register(MediaTypeRegistration.APPLICATION_JSON)
              .register(MediaTypeRegistration.MULTIPART_FORM_DATA)
              .register(MediaTypeRegistration.APPLICATION_OCTET_STREAM)
              .register(MediaTypeRegistration.APPLICATION_X_WWW_FORM_URL_ENCODED)
              .register(MediaTypeRegistration.VENDOR_SPECIFIC_JSON)
              .register(
                  new AlsoJson(List.of("application/problem+json", "application/merge-patch+json")))
              .register(new AnyBody());
      this.contract =
          Await.result(
              new OpenAPIContractBuilder(vertx)
                  .setContract(document)
                  .mediaTypeRegistry(mediaTypes)
                  .build());
      this.validator = ResponseValidator.create(vertx, contract);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static synchronized OpenApiContract get() {
    if (instance == null) {
      instance = new OpenApiContract();
    }
    return instance;
  }

  /** JSON under another media type name: validated as JSON. */
  private record AlsoJson(List<String> types) implements MediaTypeRegistration {
    @Override
    public ContentAnalyser createContentAnalyser(
        String contentType, Buffer content, ValidationContext context) {
      return MediaTypeRegistration.APPLICATION_JSON.createContentAnalyser(
          "application/json", content, context);
    }

    @Override
    public boolean canHandle(String mediaType) {
      return types.contains(mediaType.split(";")[0].strip());
    }

    @Override
    public List<String> supportedTypes() {
      return types;
    }
  }

  /**
   * Text ({@code text/plain}, {@code text/csv}) as the string a {@code type: string} schema
   * describes (the built-in registration hands the schema validator a Buffer, which it cannot
   * check).
   */
  private record PlainText(List<String> types) implements MediaTypeRegistration {
    @Override
    public ContentAnalyser createContentAnalyser(
        String contentType, Buffer content, ValidationContext context) {
      return new ContentAnalyser() {
        @Override
        public void checkSyntacticalCorrectness() {}

        @Override
        public Object transform() {
          return content == null ? "" : content.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
      };
    }

    @Override
    public boolean canHandle(String mediaType) {
      return types.contains(mediaType.split(";")[0].strip());
    }

    @Override
    public List<String> supportedTypes() {
      return types;
    }
  }

  /**
   * A webhook takes whatever its provider sends ({@code *}{@code /*}); only responses are checked.
   */
  private record AnyBody() implements MediaTypeRegistration {
    @Override
    public ContentAnalyser createContentAnalyser(
        String contentType, Buffer content, ValidationContext context) {
      return MediaTypeRegistration.APPLICATION_OCTET_STREAM.createContentAnalyser(
          "application/octet-stream", content, context);
    }

    @Override
    public boolean canHandle(String mediaType) {
      return "*/*".equals(mediaType);
    }

    @Override
    public List<String> supportedTypes() {
      return List.of("*/*");
    }
  }

  public OpenAPIContract contract() {
    return contract;
  }

  /** Fails the test when the response is not what the document says for this route. */
  public void check(String method, String path, ApiResponse response) {
    String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Operation operation = contract.findOperation(pathOnly, HttpMethod.valueOf(method));
    assertThat(operation).as("%s %s is in the OpenAPI document", method, pathOnly).isNotNull();
    Map<String, String> headers = new HashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
    String contentType = response.contentType();
    ValidatableResponse validatable =
        contentType == null || response.body().isEmpty()
            ? ValidatableResponse.create(response.status(), headers)
            : ValidatableResponse.create(
                response.status(),
                headers,
                Buffer.buffer(response.body()),
                contentType.split(";")[0]);
    try {
      Await.result(validator.validate(validatable, operation.getOperationId()));
    } catch (RuntimeException e) {
      throw new AssertionError(
          method
              + " "
              + pathOnly
              + " answered "
              + response
              + ", which the OpenAPI document does not allow: "
              + e.getMessage(),
          e);
    }
  }
}
