package dev.concert.http;

import dev.concert.shared.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Validates requests against {@code openapi.yaml} on the event loop, with every schema validator
 * compiled once at start. (vertx-openapi 5.0's own request validation hops to a worker thread and
 * rebuilds the validators on every request: several times slower, same rules.)
 */
public final class ContractValidator {
  /** Where a validated JSON body is left for the operation's handler. */
  public static final String BODY = "validatedBody";

  private static final ParameterTransformer SIMPLE = new SimpleTransformer();
  private final OpenAPIContract contract;
  private final JsonSchemaOptions options;

  public ContractValidator(OpenAPIContract contract) {
    this.contract = contract;
    this.options = new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri("app:///")
        .setOutputFormat(OutputFormat.Basic);
  }

  /** A handler validating the parameters and body of one operation. */
  public Handler<RoutingContext> forOperation(String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null) {
      throw new IllegalArgumentException("openapi.yaml has no operation " + operationId);
    }
    SchemaRepository repository = contract.getSchemaRepository();
    List<ParameterCheck> parameters = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      parameters.add(new ParameterCheck(parameter, label(parameter),
          FastSchema.compile(json(parameter.getSchema())).orElse(null),
          repository.validator(parameter.getSchema(), options)));
    }
    BodyCheck body = null;
    if (operation.getRequestBody() != null) {
      MediaType json = operation.getRequestBody().getContent().get("application/json");
      body = new BodyCheck(operation.getRequestBody().isRequired(),
          FastSchema.compile(json(json.getSchema())).orElse(null), repository.validator(json.getSchema(), options));
    }
    OperationCheck check = new OperationCheck(List.copyOf(parameters), body);
    return ctx -> {
      check.validate(ctx);
      ctx.next();
    };
  }

  /** {@code raw} as JSON would read a plain integer ({@code -?(0|[1-9][0-9]*)}, up to 18 digits), else null. */
  static Long plainInteger(String raw) {
    int start = raw.startsWith("-") ? 1 : 0;
    int digits = raw.length() - start;
    if (digits < 1 || digits > 18 || (digits > 1 && raw.charAt(start) == '0')) {
      return null;
    }
    for (int i = start; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Long.parseLong(raw);
  }

  private static String label(Parameter parameter) {
    return parameter.getIn().name().toLowerCase() + " parameter '" + parameter.getName() + "'";
  }

  private static JsonObject json(JsonSchema schema) {
    JsonObject copy = new JsonObject();
    for (String keyword : schema.fieldNames()) {
      copy.put(keyword, schema.get(keyword));
    }
    return copy;
  }

  private record OperationCheck(List<ParameterCheck> parameters, BodyCheck body) {
    void validate(RoutingContext ctx) {
      for (ParameterCheck parameter : parameters) {
        parameter.validate(ctx);
      }
      if (body != null) {
        body.validate(ctx);
      }
    }
  }

  /** {@code fast} (may be null) accepts most valid values cheaply; the full validator decides the rest. */
  private record ParameterCheck(Parameter parameter, String label, Predicate<Object> fast, Validator validator) {
    void validate(RoutingContext ctx) {
      String raw = raw(ctx);
      if (raw == null) {
        if (parameter.isRequired()) {
          throw ApiException.invalid(label + " is required");
        }
        return;
      }
      Object value = typed(raw);
      if (fast != null && fast.test(value)) {
        return;
      }
      OutputUnit result = validator.validate(value);
      if (!Boolean.TRUE.equals(result.getValid())) {
        throw ApiException.invalid(label + " " + firstError(result));
      }
    }

    /** The raw text as the value the schema judges. */
    private Object typed(String raw) {
      if (isString()) {
        // A string parameter is its raw text: the simple style would first try it as JSON, so a
        // key such as -1, 1.5, {} or [1] became a number, object or array and failed "type: string".
        return raw;
      }
      // The common case of an integer parameter (an id), without the simple style's JSON parse:
      // only the spellings JSON itself accepts, so that nothing else is let through.
      Long plain = isInteger() ? plainInteger(raw) : null;
      if (plain != null) {
        return plain;
      }
      try {
        return SIMPLE.transform(parameter, raw);
      } catch (RuntimeException e) {
        throw ApiException.invalid(label + " has a malformed value");
      }
    }

    private boolean isInteger() {
      return "integer".equals(parameter.getSchema().get("type"));
    }

    private boolean isString() {
      return "string".equals(parameter.getSchema().get("type"));
    }

    private String raw(RoutingContext ctx) {
      Location in = parameter.getIn();
      return switch (in) {
        case PATH -> ctx.pathParam(parameter.getName());
        case QUERY -> ctx.queryParams().get(parameter.getName());
        case HEADER -> ctx.request().getHeader(parameter.getName());
        case COOKIE -> ctx.request().getCookie(parameter.getName()) == null
            ? null : ctx.request().getCookie(parameter.getName()).getValue();
      };
    }
  }

  private record BodyCheck(boolean required, Predicate<Object> fast, Validator validator) {
    void validate(RoutingContext ctx) {
      Buffer buffer = ctx.body().buffer();
      if (buffer == null || buffer.length() == 0) {
        if (required) {
          throw ApiException.invalid("the request body is required (a JSON object)");
        }
        return;
      }
      String contentType = ctx.request().getHeader("Content-Type");
      if (contentType != null && !contentType.toLowerCase().startsWith("application/json")) {
        throw ApiException.invalid("the request body must be application/json, got " + contentType);
      }
      Object parsed;
      try {
        parsed = Json.decodeValue(buffer);
      } catch (DecodeException e) {
        throw ApiException.invalid("the request body is not valid JSON");
      }
      if (fast == null || !fast.test(parsed)) {
        OutputUnit result = validator.validate(parsed);
        if (!Boolean.TRUE.equals(result.getValid())) {
          throw ApiException.invalid("body " + firstError(result));
        }
      }
      if (parsed instanceof JsonObject object) {
        ctx.put(BODY, object);
      }
    }
  }

  /**
   * The most telling error, naming the field by its JSON pointer (e.g. {@code seatNumbers/2}): the
   * deepest instance location, preferring a leaf keyword (minimum, type, format...) over the
   * wrappers (properties, items) that only say "something below failed".
   */
  static String firstError(OutputUnit result) {
    OutputUnit best = null;
    int bestScore = -1;
    if (result.getErrors() != null) {
      for (OutputUnit error : result.getErrors()) {
        int score = lengthOf(error.getInstanceLocation()) * 2 + (isWrapper(error.getKeywordLocation()) ? 0 : 1);
        if (score > bestScore) {
          best = error;
          bestScore = score;
        }
      }
    }
    if (best == null) {
      return "is invalid" + (result.getError() == null ? "" : ": " + result.getError());
    }
    String location = best.getInstanceLocation();
    boolean root = location == null || location.isEmpty() || location.equals("#");
    String field = root ? "" : "field '" + location.replaceFirst("^#?/", "") + "' ";
    if (!root && String.valueOf(best.getKeywordLocation()).endsWith("additionalProperties")) {
      return field + "is not allowed";
    }
    return field + "is invalid: " + best.getError();
  }

  private static boolean isWrapper(String keywordLocation) {
    if (keywordLocation == null) {
      return true;
    }
    String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    return switch (keyword) {
      case "properties", "items", "prefixItems", "additionalProperties", "allOf", "anyOf", "oneOf", "$ref" -> true;
      default -> false;
    };
  }

  private static int lengthOf(String s) {
    return s == null ? -1 : s.length();
  }
}
