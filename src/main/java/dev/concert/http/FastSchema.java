package dev.concert.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles the plain schemas of the contract (typed scalars with ranges and formats, arrays of
 * them, closed objects) into direct Java checks. A compiled check only ever ACCEPTS what the full
 * JSON Schema validator would accept; whatever it does not accept goes to the full validator,
 * which decides and words the error. A schema using any keyword outside that subset is not
 * compiled at all. So the contract stays the only source of rules, and valid requests (nearly
 * all of them) skip the general validator's cost.
 */
final class FastSchema {
  private static final Set<String> IGNORED = Set.of("description", "title", "example", "examples",
      "__absolute_uri__", "$comment", "deprecated", "readOnly", "writeOnly");

  private FastSchema() {}

  /** The check for {@code schema}, or empty when it uses anything this compiler does not know. */
  static Optional<Predicate<Object>> compile(JsonObject schema) {
    try {
      return Optional.of(compileNode(schema));
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  private static Predicate<Object> compileNode(JsonObject schema) {
    Object type = schema.getValue("type");
    if (!(type instanceof String name)) {
      throw new Unsupported();
    }
    Set<String> known = new HashSet<>(IGNORED);
    known.add("type");
    Predicate<Object> check = switch (name) {
      case "integer" -> integer(schema, known);
      case "string" -> string(schema, known);
      case "array" -> array(schema, known);
      case "object" -> object(schema, known);
      case "boolean" -> value -> value instanceof Boolean;
      default -> throw new Unsupported();
    };
    for (String keyword : schema.fieldNames()) {
      if (!known.contains(keyword)) {
        throw new Unsupported();
      }
    }
    return check;
  }

  private static Predicate<Object> integer(JsonObject schema, Set<String> known) {
    known.addAll(List.of("format", "minimum", "maximum"));
    String format = schema.getString("format");
    long min = bound(schema.getValue("minimum"), Long.MIN_VALUE);
    long max = bound(schema.getValue("maximum"), Long.MAX_VALUE);
    if (format != null && !format.equals("int64") && !format.equals("int32")) {
      throw new Unsupported();
    }
    long floor = "int32".equals(format) ? Math.max(min, Integer.MIN_VALUE) : min;
    long ceiling = "int32".equals(format) ? Math.min(max, Integer.MAX_VALUE) : max;
    return value -> (value instanceof Integer || value instanceof Long)
        && ((Number) value).longValue() >= floor && ((Number) value).longValue() <= ceiling;
  }

  private static long bound(Object value, long absent) {
    if (value == null) {
      return absent;
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw new Unsupported();
  }

  private static Predicate<Object> string(JsonObject schema, Set<String> known) {
    known.addAll(List.of("format", "minLength", "maxLength", "enum"));
    String format = schema.getString("format");
    if (format != null && !format.equals("uuid")) {
      throw new Unsupported();
    }
    boolean uuid = format != null;
    long minLength = bound(schema.getValue("minLength"), 0);
    long maxLength = bound(schema.getValue("maxLength"), Long.MAX_VALUE);
    Set<String> allowed = enumeration(schema.getValue("enum"));
    return value -> {
      if (!(value instanceof String s)) {
        return false;
      }
      int length = s.codePointCount(0, s.length());
      return length >= minLength && length <= maxLength
          && (!uuid || isLowerCaseUuid(s))
          && (allowed == null || allowed.contains(s));
    };
  }

  private static Set<String> enumeration(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray values)) {
      throw new Unsupported();
    }
    Set<String> allowed = new HashSet<>();
    for (Object each : values) {
      if (!(each instanceof String s)) {
        throw new Unsupported();
      }
      allowed.add(s);
    }
    return Set.copyOf(allowed);
  }

  /** 8-4-4-4-12 hex digits; lower case only, so that it never accepts more than the full validator. */
  static boolean isLowerCaseUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Predicate<Object> array(JsonObject schema, Set<String> known) {
    known.addAll(List.of("items", "minItems", "maxItems", "uniqueItems"));
    if (!(schema.getValue("items") instanceof JsonObject itemSchema)) {
      throw new Unsupported();
    }
    Predicate<Object> item = compileNode(itemSchema);
    String itemType = itemSchema.getString("type");
    boolean unique = Boolean.TRUE.equals(schema.getValue("uniqueItems"));
    if (unique && !itemType.equals("integer") && !itemType.equals("string")) {
      throw new Unsupported();
    }
    long minItems = bound(schema.getValue("minItems"), 0);
    long maxItems = bound(schema.getValue("maxItems"), Long.MAX_VALUE);
    return value -> {
      List<?> list = value instanceof JsonArray a ? a.getList() : value instanceof List<?> l ? l : null;
      if (list == null || list.size() < minItems || list.size() > maxItems) {
        return false;
      }
      for (Object each : list) {
        if (!item.test(each)) {
          return false;
        }
      }
      return !unique || distinct(list);
    };
  }

  /** Items already passed an integer or string check, so Long/Integer values compare by value. */
  private static boolean distinct(List<?> list) {
    Set<Object> seen = new HashSet<>();
    for (Object each : list) {
      if (!seen.add(each instanceof Number n ? (Object) n.longValue() : each)) {
        return false;
      }
    }
    return true;
  }

  private static Predicate<Object> object(JsonObject schema, Set<String> known) {
    known.addAll(List.of("properties", "required", "additionalProperties"));
    Object additional = schema.getValue("additionalProperties");
    if (additional != null && !Boolean.FALSE.equals(additional)) {
      throw new Unsupported();
    }
    boolean closed = Boolean.FALSE.equals(additional);
    Map<String, Predicate<Object>> properties = new HashMap<>();
    JsonObject declared = schema.getJsonObject("properties", new JsonObject());
    for (String name : declared.fieldNames()) {
      properties.put(name, compileNode(declared.getJsonObject(name)));
    }
    List<String> required = new ArrayList<>();
    for (Object name : schema.getJsonArray("required", new JsonArray())) {
      required.add((String) name);
    }
    return value -> {
      Map<String, Object> map = value instanceof JsonObject o ? o.getMap() : null;
      if (map == null) {
        return false;
      }
      for (String name : required) {
        if (!map.containsKey(name)) {
          return false;
        }
      }
      for (Map.Entry<String, Object> field : map.entrySet()) {
        Predicate<Object> property = properties.get(field.getKey());
        if (property == null ? closed : !property.test(field.getValue())) {
          return false;
        }
      }
      return true;
    };
  }

  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }
}
