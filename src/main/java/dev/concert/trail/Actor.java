package dev.concert.trail;

import java.util.UUID;

/** Who did an operator's write: the Admin-Key holder, or a door key (named by its id, never the key). */
public record Actor(String name) {
  public static final Actor ADMIN = new Actor("admin");

  public static Actor door(UUID keyId) {
    return new Actor("door:" + keyId);
  }
}
