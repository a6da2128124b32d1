package dev.concert.shared;

import io.vertx.core.json.JsonObject;

/** The reply of an operation that answers with its own status (an idempotent one: 200 on a replay, 201 first). */
public record StatusReply(int status, JsonObject body) implements BusMessage {}
