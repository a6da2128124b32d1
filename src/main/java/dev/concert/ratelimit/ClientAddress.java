package dev.concert.ratelimit;

import dev.concert.config.AddressBlock;
import io.netty.util.NetUtil;
import java.util.List;

/**
 * The address a request comes from. {@code X-Forwarded-For} is believed only when the connection
 * comes from a trusted proxy (CONCERT_TRUSTED_PROXIES: addresses or CIDR blocks); then the
 * rightmost address that is not itself a trusted proxy is the client, since anything left of it
 * may have been written by the client.
 */
public final class ClientAddress {
  private final List<AddressBlock> trusted;

  private ClientAddress(List<AddressBlock> trusted) {
    this.trusted = trusted;
  }

  /** Parses the trusted proxies; throws IllegalArgumentException naming a bad entry. */
  public static ClientAddress trusting(List<String> proxies) {
    return new ClientAddress(proxies.stream().map(AddressBlock::parse).toList());
  }

  /** The client of a connection from {@code peer} that carried {@code forwardedFor} (may be null). */
  public String of(String peer, String forwardedFor) {
    if (forwardedFor == null || trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = strip(hops[i]);
      if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
        return client; // garbage from further left is the client's own writing: stop at the last good hop
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(strip(address));
    return bytes != null && trusted.stream().anyMatch(block -> block.contains(bytes));
  }

  /** Accepts "[v6]", "[v6]:port" and "v4:port" forms some proxies write. */
  private static String strip(String hop) {
    String value = hop.trim();
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end > 0 ? value.substring(1, end) : value;
    }
    int colon = value.indexOf(':');
    if (colon > 0 && value.indexOf(':', colon + 1) < 0) {
      return value.substring(0, colon);
    }
    return value;
  }
}
