package dev.concert.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A database of a test's own on the test Postgres server (the test database's name plus a suffix),
 * created empty and dropped on close: for migration tests, which need a schema at an old version.
 */
public final class ScratchDatabase implements AutoCloseable {
  private final String host;
  private final String user;
  private final String password;
  private final String name;

  private ScratchDatabase(String host, String user, String password, String name) {
    this.host = host;
    this.user = user;
    this.password = password;
    this.name = name;
  }

  public static ScratchDatabase create(String suffix) throws SQLException {
    URI pg = URI.create(TestServices.get().pgUri());
    String host = "jdbc:postgresql://" + pg.getHost() + ":" + (pg.getPort() < 0 ? 5432 : pg.getPort()) + "/";
    String[] credentials = pg.getUserInfo() == null ? new String[] {"postgres"} : pg.getUserInfo().split(":");
    ScratchDatabase db = new ScratchDatabase(host, credentials[0], credentials.length > 1 ? credentials[1] : null,
        pg.getPath().substring(1) + "_" + suffix);
    db.drop();
    db.admin("CREATE DATABASE \"" + db.name + "\"");
    return db;
  }

  /** Applies the migrations up to {@code version} (all of them when null). */
  public void migrate(String version) {
    var flyway = Flyway.configure().dataSource(host + name, user, password).locations("classpath:db/migration");
    (version == null ? flyway : flyway.target(version)).load().migrate();
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(host + name, user, password);
  }

  @Override
  public void close() throws SQLException {
    drop();
  }

  private void drop() throws SQLException {
    admin("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  }

  private void admin(String sql) throws SQLException {
    try (Connection admin = DriverManager.getConnection(host + "postgres", user, password);
         Statement s = admin.createStatement()) {
      s.execute(sql);
    }
  }
}
