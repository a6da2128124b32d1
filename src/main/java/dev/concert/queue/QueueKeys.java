package dev.concert.queue;

import java.util.List;

/** Redis keys of the queue; one hash tag, so every queue script touches a single cluster slot. */
final class QueueKeys {
  static final String TOKENS = "queue:{q}:tokens";
  static final String WAITING = "queue:{q}:waiting";
  static final String ACTIVE = "queue:{q}:active";
  static final String SEQUENCE = "queue:{q}:seq";
  static final String BUCKET = "queue:{q}:bucket";

  static final List<String> ISSUE = List.of(TOKENS, WAITING, ACTIVE, SEQUENCE);
  static final List<String> STATE = List.of(WAITING, ACTIVE);
  static final List<String> ADMIT = List.of(WAITING, ACTIVE, BUCKET);
  static final List<String> END = List.of(TOKENS, WAITING, ACTIVE);

  private QueueKeys() {}
}
