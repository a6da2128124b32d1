package dev.concert.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestServices;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database from before the ledger and tickets: migrating it gives every balance its opening entry
 * and every paid reservation its tickets, so the invariants hold from the first commit on.
 */
class LedgerMigrationIntegrationTest {

  @Test
  void existingBalancesGetOpeningEntriesAndPaidReservationsTheirTickets() throws SQLException {
    URI pg = URI.create(TestServices.get().pgUri());
    String host = "jdbc:postgresql://" + pg.getHost() + ":" + (pg.getPort() < 0 ? 5432 : pg.getPort()) + "/";
    String[] credentials = pg.getUserInfo() == null ? new String[] {"postgres"} : pg.getUserInfo().split(":");
    String user = credentials[0];
    String password = credentials.length > 1 ? credentials[1] : null;
    String database = pg.getPath().substring(1) + "_migration";
    try (Connection admin = DriverManager.getConnection(host + "postgres", user, password);
         Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
      s.execute("CREATE DATABASE \"" + database + "\"");
    }
    String url = host + database;
    Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("5").load().migrate();
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("INSERT INTO balances (user_id, balance) VALUES "
          + "('00000000-0000-0000-0000-000000000001', 5000), ('00000000-0000-0000-0000-000000000002', 0)");
      s.execute("INSERT INTO concerts (id, title) VALUES (1, 'old')");
      s.execute("INSERT INTO schedules (id, concert_id, starts_at, total_seats, price) VALUES (1, 1, now() + interval '9 days', 50, 100)");
      s.execute("INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, held_until) VALUES "
          + "('00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-000000000001', 1, '{3,4}', 200, 'PAID', now())");
    }
    Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      ResultSet entries = s.executeQuery("SELECT user_id::text, type, amount, balance_after, reference FROM ledger_entries");
      assertThat(entries.next()).isTrue();
      assertThat(entries.getString(1)).isEqualTo("00000000-0000-0000-0000-000000000001");
      assertThat(entries.getString(2)).isEqualTo("CHARGE");
      assertThat(entries.getLong(3)).isEqualTo(5000);
      assertThat(entries.getLong(4)).isEqualTo(5000);
      assertThat(entries.getString(5)).isEqualTo("opening balance");
      assertThat(entries.next()).as("a zero balance needs no entry").isFalse();
      // The invariant holds for the migrated user: the next charge follows the opening entry.
      s.execute("WITH b AS (UPDATE balances SET balance = balance + 10 WHERE user_id = '00000000-0000-0000-0000-000000000001') "
          + "INSERT INTO ledger_entries (user_id, type, amount, balance_after) "
          + "VALUES ('00000000-0000-0000-0000-000000000001', 'CHARGE', 10, 5010)");
      ResultSet tickets = s.executeQuery("SELECT count(*) FROM tickets WHERE status = 'VALID' "
          + "AND reservation_id = '00000000-0000-0000-0000-0000000000aa'");
      tickets.next();
      assertThat(tickets.getLong(1)).isEqualTo(2);
    }
    try (Connection admin = DriverManager.getConnection(host + "postgres", user, password);
         Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
    }
  }
}
