package dev.concert.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads text resources (SQL, Lua) from the class path once, at construction time of their users. */
public final class Resources {
  private Resources() {}

  public static String text(String path) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SQL statement from {@code src/main/resources/sql/<name>.sql}. */
  public static String sql(String name) {
    return text("sql/" + name + ".sql").strip();
  }
}
