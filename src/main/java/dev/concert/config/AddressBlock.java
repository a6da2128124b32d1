package dev.concert.config;

import io.netty.util.NetUtil;

/**
 * An IP address or CIDR block, IPv4 or IPv6, as CONCERT_TRUSTED_PROXIES lists them: parsed here so
 * that a bad entry stops start-up with the other bad variables.
 */
public final class AddressBlock {
  private final byte[] network;
  private final int prefixBits;

  private AddressBlock(byte[] network, int prefixBits) {
    this.network = network;
    this.prefixBits = prefixBits;
  }

  /** "10.0.0.1", "10.0.0.0/8", "fd00::/8"; throws IllegalArgumentException naming a bad entry. */
  public static AddressBlock parse(String entry) {
    String[] parts = entry.trim().split("/", 2);
    byte[] network = NetUtil.createByteArrayFromIpAddressString(parts[0]);
    if (network == null) {
      throw notABlock(entry);
    }
    int bits = network.length * 8;
    if (parts.length == 2) {
      try {
        bits = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw notABlock(entry);
      }
      if (bits < 0 || bits > network.length * 8) {
        throw notABlock(entry);
      }
    }
    return new AddressBlock(network, bits);
  }

  private static IllegalArgumentException notABlock(String entry) {
    return new IllegalArgumentException("not an IP address or CIDR block: '" + entry + "'");
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this block; an IPv4 address is never in an IPv6 block. */
  public boolean contains(byte[] address) {
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
