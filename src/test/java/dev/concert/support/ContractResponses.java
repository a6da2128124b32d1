package dev.concert.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.http.ContractLoader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Response;

/** Checks that a response is one that openapi.yaml describes for its operation and status. */
public final class ContractResponses {
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("app:///").setOutputFormat(OutputFormat.Basic);
  private final OpenAPIContract contract;

  private ContractResponses(OpenAPIContract contract) {
    this.contract = contract;
  }

  public static ContractResponses load(Vertx vertx) {
    return new ContractResponses(TestApp.await(ContractLoader.load(vertx)).contract());
  }

  /** Every operation of the contract (for probes that must cover them all, including ones added later). */
  public java.util.List<io.vertx.openapi.contract.Operation> operations() {
    return contract.operations();
  }

  /** The status is declared for the operation, and a JSON body matches its schema. */
  public void assertConforms(String operationId, HttpResponse<Buffer> response) {
    Response declared = contract.operation(operationId).getResponse(response.statusCode());
    assertThat(declared).as(operationId + " declares " + response.statusCode() + ": " + response.bodyAsString()).isNotNull();
    if (declared.getContent().isEmpty()) {
      // a status without a body (204, 304)
      assertThat(response.body() == null || response.body().length() == 0).as(operationId + " " + response.statusCode()
          + " has no body").isTrue();
      return;
    }
    MediaType json = declared.getContent().get("application/json");
    if (json == null) {
      // a problem document: the code is what clients read
      assertThat(response.bodyAsJsonObject().getString("code")).isNotNull();
      return;
    }
    OutputUnit result = contract.getSchemaRepository().validator(json.getSchema(), OPTIONS).validate(response.bodyAsJsonObject());
    assertThat(result.getValid()).as(operationId + " " + response.statusCode() + " body " + response.bodyAsString()
        + " against the contract: " + result.getErrors()).isTrue();
  }
}
