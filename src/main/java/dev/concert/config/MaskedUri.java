package dev.concert.config;

import java.util.regex.Pattern;

/**
 * A connection URI as it may appear in a log line or an error: its password (in the user info, or
 * a {@code password=} parameter) replaced by {@code ***}. Works on malformed URIs too, since those
 * are the ones an error message prints: the user info is taken to end at the last {@code @}, so a
 * password with an unescaped {@code @} or {@code /} is masked whole (at worst, more is masked).
 */
public final class MaskedUri {
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;#]*");

  private MaskedUri() {}

  public static String of(String uri) {
    if (uri == null) {
      return null;
    }
    String masked = uri;
    int authority = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (authority >= 0 && at > authority) {
      int colon = uri.indexOf(':', authority + 3);
      if (colon >= 0 && colon < at) {
        masked = uri.substring(0, colon + 1) + "***" + uri.substring(at);
      }
    }
    return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
  }
}
