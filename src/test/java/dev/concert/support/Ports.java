package dev.concert.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for servers a test starts (HTTP, Hazelcast, a scratch broker). */
public final class Ports {
  private Ports() {}

  /** A port free right now (the system's pick; another process could still take it before use). */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
