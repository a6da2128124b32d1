package dev.concert.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * For a test class whose tests share one service: extend it, and {@code app} is started on reset
 * data before the first test and closed after the last, with a {@link Shop} on it and the contract's
 * response checks. (Test classes run one after another in a JVM, so the fields are never shared.)
 */
public abstract class OneAppPerClass {
  protected static TestApp app;
  protected static Shop shop;
  protected static ContractResponses contract;

  @BeforeAll
  static void startApp() {
    app = TestApp.start();
    shop = new Shop(app);
    contract = ContractResponses.load(app.vertx());
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }
}
