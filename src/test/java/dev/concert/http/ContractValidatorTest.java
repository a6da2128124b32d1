package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {
  private static final Validator VALIDATOR = Validator.create(
      JsonSchema.of(new JsonObject("""
          {"type":"object","additionalProperties":false,"required":["scheduleId"],
           "properties":{"scheduleId":{"type":"integer","minimum":1},
             "seatNumbers":{"type":"array","maxItems":4,"items":{"type":"integer","minimum":1}}}}""")),
      new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app:///").setOutputFormat(OutputFormat.Basic));

  private static String error(String json) {
    return ContractValidator.firstError(VALIDATOR.validate(new JsonObject(json)));
  }

  @Test
  void namesTheDeepestFieldWithTheLeafReason() {
    assertThat(error("{\"scheduleId\":0}")).isEqualTo("field 'scheduleId' is invalid: 0 is less than 1");
    assertThat(error("{\"scheduleId\":\"x\"}")).startsWith("field 'scheduleId' is invalid: Instance type string is invalid");
    assertThat(error("{\"scheduleId\":1,\"seatNumbers\":[1,0]}")).isEqualTo("field 'seatNumbers/1' is invalid: 0 is less than 1");
  }

  @Test
  void namesMissingAndUnknownFields() {
    assertThat(error("{}")).contains("scheduleId").contains("required");
    assertThat(error("{\"scheduleId\":1,\"extra\":true}")).isEqualTo("field 'extra' is not allowed");
  }

  @Test
  void readsPlainIntegersAsJsonWouldAndLeavesTheRestToTheJsonParse() {
    assertThat(ContractValidator.plainInteger("42")).isEqualTo(42L);
    assertThat(ContractValidator.plainInteger("-7")).isEqualTo(-7L);
    assertThat(ContractValidator.plainInteger("0")).isEqualTo(0L);
    assertThat(ContractValidator.plainInteger("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
    // Not JSON's spelling of an integer, or too long to be sure of: left to the simple style.
    for (String other : new String[] {"", "-", "01", "+1", "1.0", "1e3", " 1", "1 ", "x", "1000000000000000000"}) {
      assertThat(ContractValidator.plainInteger(other)).as(other).isNull();
    }
  }
}
