package dev.concert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ point readers at the tests that keep each promise: every test class they
 * name exists, and so does every test method they name (`Class.method`, or `Class` (`method`,
 * ...); a name ending in "..." is a prefix). A renamed or deleted test fails here, not in a
 * reader's search.
 */
class DocsNameRealTestsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern CLASS_DOT_METHOD = Pattern.compile("`(\\w+(?:Test|Tests))\\.(\\w+)(\\.\\.\\.)?`");
  private static final Pattern CLASS_NAME = Pattern.compile("`(\\w+(?:Test|Tests))`");
  private static final Pattern CLASS_WITH_METHODS = Pattern.compile("`(\\w+(?:Test|Tests))` \\(([^)]*)\\)");
  private static final Pattern METHOD_IN_LIST = Pattern.compile("`([a-z]\\w+)(\\.\\.\\.)?`");

  @Test
  void everyTestTheDocsNameExists() {
    Map<String, Path> testSources = testSources();
    List<String> missing = new ArrayList<>();
    for (Path doc : docs()) {
      String text = read(doc);
      String where = ROOT.relativize(doc).toString();
      Matcher dotted = CLASS_DOT_METHOD.matcher(text);
      while (dotted.find()) {
        check(testSources, dotted.group(1), dotted.group(2), dotted.group(3) != null, where, missing);
      }
      Matcher named = CLASS_NAME.matcher(text);
      while (named.find()) {
        check(testSources, named.group(1), null, false, where, missing);
      }
      Matcher listed = CLASS_WITH_METHODS.matcher(text);
      while (listed.find()) {
        Matcher method = METHOD_IN_LIST.matcher(listed.group(2));
        while (method.find()) {
          check(testSources, listed.group(1), method.group(1), method.group(2) != null, where, missing);
        }
      }
    }
    assertThat(missing).as("tests named in the docs that do not exist").isEmpty();
  }

  private static void check(Map<String, Path> sources, String testClass, String method, boolean prefix,
      String where, List<String> missing) {
    Path source = sources.get(testClass);
    if (source == null) {
      missing.add(where + ": class " + testClass);
      return;
    }
    if (method == null) {
      return;
    }
    Pattern declared = Pattern.compile("void " + Pattern.quote(method) + (prefix ? "\\w*" : "") + "\\s*\\(");
    if (!declared.matcher(read(source)).find()) {
      missing.add(where + ": " + testClass + "." + method + (prefix ? "..." : ""));
    }
  }

  /** Test classes by simple name (a class the docs name as a test must be one of these). */
  private static Map<String, Path> testSources() {
    try (Stream<Path> files = Files.walk(ROOT.resolve("src/test/java"))) {
      return files.filter(p -> p.toString().endsWith(".java"))
          .collect(Collectors.toMap(p -> p.getFileName().toString().replace(".java", ""), p -> p, (a, b) -> a));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> docs() {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
