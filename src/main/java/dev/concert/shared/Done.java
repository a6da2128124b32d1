package dev.concert.shared;

/** The reply of an operation whose success is all there is to say. */
public record Done() implements BusMessage {
  public static final Done DONE = new Done();
}
