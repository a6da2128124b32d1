package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContractLoaderTest {

  @Test
  void routerCopyRenamesOnlyUnsupportedResponseTypes() throws Exception {
    JsonObject contract = ContractLoader.parse(Files.readString(Path.of("openapi.yaml")));
    JsonObject copy = ContractLoader.routerCopy(contract);

    JsonObject original = contract.getJsonObject("components").getJsonObject("responses")
        .getJsonObject("NotFound").getJsonObject("content");
    JsonObject renamed = copy.getJsonObject("components").getJsonObject("responses")
        .getJsonObject("NotFound").getJsonObject("content");
    assertThat(original.fieldNames()).containsExactly("application/problem+json");
    assertThat(renamed.fieldNames()).containsExactly("application/json");
    assertThat(renamed.getValue("application/json")).isEqualTo(original.getValue("application/problem+json"));

    // Request bodies are untouched: they are what the router validates.
    assertThat(copy.getJsonObject("paths").getJsonObject("/api/v1/reservations").getJsonObject("post")
        .getJsonObject("requestBody")).isEqualTo(contract.getJsonObject("paths")
        .getJsonObject("/api/v1/reservations").getJsonObject("post").getJsonObject("requestBody"));
  }

  @Test
  void everyApiMdErrorCodeIsInTheContract() throws Exception {
    String contract = Files.readString(Path.of("openapi.yaml"));
    for (dev.concert.shared.ErrorCode code : dev.concert.shared.ErrorCode.values()) {
      assertThat(contract).contains(code.name());
    }
  }
}
