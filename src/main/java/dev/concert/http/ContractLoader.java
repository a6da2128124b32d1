package dev.concert.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads {@code openapi.yaml} for the router. vertx-openapi 5.0 refuses response media types it
 * cannot validate (such as {@code application/problem+json}), although it never validates
 * responses here; so the router gets a copy with those response types renamed, while clients are
 * served the contract as written.
 */
public final class ContractLoader {
  public static final String PATH = "openapi.yaml";

  private ContractLoader() {}

  public record Loaded(OpenAPIContract contract, Buffer text) {}

  public static Future<Loaded> load(Vertx vertx) {
    return vertx.fileSystem().readFile(PATH).compose(text -> {
      JsonObject raw = parse(text.toString());
      return OpenAPIContract.from(vertx, routerCopy(raw)).map(contract -> new Loaded(contract, text));
    });
  }

  static JsonObject parse(String yaml) {
    Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    // Round-trip through JSON text: YAML maps and lists become JsonObject/JsonArray throughout.
    return new JsonObject(new JsonObject(tree).encode());
  }

  static JsonObject routerCopy(JsonObject contract) {
    JsonObject copy = contract.copy();
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op) {
        renameResponseTypes(op.getJsonObject("responses"));
      }
    }));
    JsonObject components = copy.getJsonObject("components");
    if (components != null) {
      renameResponseTypes(components.getJsonObject("responses"));
    }
    return copy;
  }

  private static void renameResponseTypes(JsonObject responses) {
    if (responses == null) {
      return;
    }
    responses.forEach(entry -> {
      JsonObject content = entry.getValue() instanceof JsonObject response ? response.getJsonObject("content") : null;
      if (content == null) {
        return;
      }
      for (String type : Map.copyOf(content.getMap()).keySet()) {
        if (!MediaType.isMediaTypeSupported(type)) {
          Object schema = content.remove(type);
          content.put(type.endsWith("+json") ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN, schema);
        }
      }
    });
  }
}
