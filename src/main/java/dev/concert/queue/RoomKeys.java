package dev.concert.queue;

import java.util.List;

/** The list of rooms the admission timer visits: rooms with tokens, due from their opening on. */
final class RoomKeys {
  static final String DUE = "rooms:{rooms}:due";
  static final String VERSION = "rooms:{rooms}:ver";
  static final List<String> ALL = List.of(DUE, VERSION);

  private RoomKeys() {}
}
