package dev.concert.audit;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/** What the HTTP side asks {@link AuditVerticle}; the reply (the report) is the HTTP body as is. */
public final class AuditMessages {
  private AuditMessages() {}

  public record RunAudit() implements BusMessage {
    public static final RunAudit RUN = new RunAudit();
  }

  public static final Address<RunAudit, JsonObject> AUDIT = Address.of("audit.run", RunAudit.class, JsonObject.class);
}
