package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The compiled checks never accept what the contract's full validator refuses. */
class FastSchemaTest {
  private static final JsonObject CONTRACT = contract();
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("app:///").setOutputFormat(OutputFormat.Basic);

  private static JsonObject contract() {
    try {
      return ContractLoader.parse(Files.readString(Path.of(ContractLoader.PATH)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject schema(String name) {
    return CONTRACT.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  private static JsonObject parameterSchema(String name) {
    return CONTRACT.getJsonObject("components").getJsonObject("parameters").getJsonObject(name).getJsonObject("schema");
  }

  private static void assertSound(JsonObject schema, List<Object> candidates) {
    Predicate<Object> fast = FastSchema.compile(schema).orElseThrow();
    Validator full = Validator.create(JsonSchema.of(schema), OPTIONS);
    for (Object candidate : candidates) {
      if (fast.test(candidate)) {
        assertThat(full.validate(candidate).getValid()).as("fast path accepted %s", candidate).isTrue();
      }
    }
  }

  @Test
  void acceptsTheUsualValidRequests() {
    assertThat(FastSchema.compile(schema("HoldRequest")).orElseThrow()
        .test(new JsonObject("{\"scheduleId\":3,\"seatNumbers\":[7,8]}"))).isTrue();
    assertThat(FastSchema.compile(schema("HoldRequest")).orElseThrow()
        .test(new JsonObject("{\"scheduleId\":3,\"quantity\":2,\"grade\":\"VIP\",\"together\":false}"))).isTrue();
    assertThat(FastSchema.compile(schema("ChargeRequest")).orElseThrow().test(new JsonObject("{\"amount\":1000}"))).isTrue();
    assertThat(FastSchema.compile(schema("PaymentRequest")).orElseThrow()
        .test(new JsonObject().put("reservationId", UUID.randomUUID().toString()))).isTrue();
    assertThat(FastSchema.compile(parameterSchema("ScheduleId")).orElseThrow().test(12L)).isTrue();
  }

  @Test
  void refusesWhatTheContractRefuses() {
    Predicate<Object> hold = FastSchema.compile(schema("HoldRequest")).orElseThrow();
    assertThat(hold.test(new JsonObject("{\"scheduleId\":3,\"seatNumbers\":[7,7]}"))).isFalse();
    assertThat(hold.test(new JsonObject("{\"scheduleId\":3,\"seatNumbers\":[]}"))).isFalse();
    assertThat(hold.test(new JsonObject("{\"scheduleId\":3,\"seatNumbers\":[1,2,3,4,5]}"))).isFalse();
    assertThat(hold.test(new JsonObject("{\"scheduleId\":0,\"seatNumbers\":[1]}"))).isFalse();
    assertThat(hold.test(new JsonObject("{\"scheduleId\":3,\"seatNumbers\":[100001]}"))).isFalse();
    assertThat(hold.test(new JsonObject("{\"scheduleId\":3,\"seatNumbers\":[1],\"x\":1}"))).isFalse();
    assertThat(hold.test(new JsonObject("{\"seatNumbers\":[1]}"))).isFalse();
    assertThat(hold.test(new JsonObject("{\"scheduleId\":\"3\",\"seatNumbers\":[1]}"))).isFalse();
    assertThat(FastSchema.isLowerCaseUuid("123e4567-e89b-12d3-a456-42661417400")).isFalse();
    assertThat(FastSchema.isLowerCaseUuid("123e4567-e89b-12d3-a456-4266141740000")).isFalse();
    assertThat(FastSchema.isLowerCaseUuid("123e4567xe89b-12d3-a456-426614174000")).isFalse();
  }

  @Test
  void leavesSchemasWithUnknownKeywordsToTheFullValidator() {
    assertThat(FastSchema.compile(new JsonObject("{\"type\":\"string\",\"format\":\"date-time\"}"))).isEmpty();
    assertThat(FastSchema.compile(new JsonObject("{\"type\":\"string\",\"pattern\":\"a+\"}"))).isEmpty();
    assertThat(FastSchema.compile(new JsonObject("{\"type\":[\"string\",\"null\"]}"))).isEmpty();
    assertThat(FastSchema.compile(new JsonObject("{\"type\":\"integer\",\"minimum\":0.5}"))).isEmpty();
    assertThat(FastSchema.compile(schema("CreateConcertRequest"))).isEmpty();
  }

  @Test
  void neverAcceptsWhatTheFullValidatorRefuses() {
    Random random = new Random(42);
    List<Object> holds = new ArrayList<>();
    List<Object> charges = new ArrayList<>();
    List<Object> payments = new ArrayList<>();
    List<Object> scalars = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      holds.add(new JsonObject().put("scheduleId", anyValue(random)).put("seatNumbers", anyArray(random)));
      holds.add(new JsonObject().put("seatNumbers", anyArray(random)).put(random.nextBoolean() ? "x" : "scheduleId", anyValue(random)));
      charges.add(new JsonObject().put("amount", anyValue(random)));
      payments.add(new JsonObject().put("reservationId", anyValue(random)));
      scalars.add(anyValue(random));
    }
    assertSound(schema("HoldRequest"), holds);
    assertSound(schema("ChargeRequest"), charges);
    assertSound(schema("PaymentRequest"), payments);
    assertSound(schema("IssueTokenRequest"), payments);
    assertSound(parameterSchema("ScheduleId"), scalars);
    assertSound(parameterSchema("IdempotencyKey"), scalars);
  }

  private static JsonArray anyArray(Random random) {
    JsonArray array = new JsonArray();
    int size = random.nextInt(7);
    for (int i = 0; i < size; i++) {
      array.add(random.nextInt(4) == 0 ? anyValue(random) : random.nextInt(1_003) - 1);
    }
    return array;
  }

  private static Object anyValue(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> random.nextInt(5) - 2;
      case 1 -> random.nextLong();
      case 2 -> random.nextInt(200_000_000);
      case 3 -> random.nextDouble() * 10;
      case 4 -> 1.0;
      case 5 -> UUID.randomUUID().toString();
      case 6 -> UUID.randomUUID().toString().toUpperCase();
      case 7 -> "x".repeat(random.nextInt(70));
      case 8 -> random.nextBoolean();
      case 9 -> new JsonObject().put("a", 1);
      case 10 -> new JsonArray().add(1);
      default -> "";
    };
  }
}
