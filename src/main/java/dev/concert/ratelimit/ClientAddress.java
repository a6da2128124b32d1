package dev.concert.ratelimit;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a request comes from. {@code X-Forwarded-For} is believed only when the connection
 * comes from a trusted proxy (CONCERT_TRUSTED_PROXIES: addresses or CIDR blocks); then the
 * rightmost address that is not itself a trusted proxy is the client, since anything left of it
 * may have been written by the client.
 */
public final class ClientAddress {
  private final List<Block> trusted;

  private record Block(byte[] network, int prefixBits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private ClientAddress(List<Block> trusted) {
    this.trusted = trusted;
  }

  /** Parses the trusted proxies; throws IllegalArgumentException naming a bad entry. */
  public static ClientAddress trusting(List<String> proxies) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : proxies) {
      String[] parts = entry.trim().split("/", 2);
      byte[] network = NetUtil.createByteArrayFromIpAddressString(parts[0]);
      if (network == null) {
        throw new IllegalArgumentException("not an IP address or CIDR block: '" + entry + "'");
      }
      int bits = network.length * 8;
      if (parts.length == 2) {
        try {
          bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not an IP address or CIDR block: '" + entry + "'");
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("not an IP address or CIDR block: '" + entry + "'");
        }
      }
      blocks.add(new Block(network, bits));
    }
    return new ClientAddress(blocks);
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
