package dev.concert.trail;

import io.vertx.core.json.JsonObject;

/**
 * One operator's write, as the trail keeps it: {@code action} names the operation (for instance
 * {@code concert.create}), {@code target} what it acted on ({@code concert:12}), {@code detail} the
 * facts an operator reading the trail needs (never a secret such as a key).
 */
public record OperatorAction(Actor actor, String action, String target, JsonObject detail) {}
