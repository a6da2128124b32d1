package dev.concert.infra;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies {@code db/migration} with Flyway. Blocking: call it from a worker thread only. */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult apply(PgConnectOptions pg) {
    String url = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase();
    return Flyway.configure()
        .dataSource(url, pg.getUser(), pg.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
