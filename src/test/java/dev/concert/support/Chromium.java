package dev.concert.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven
 * through WebDriver. Each instance is its own browser process with a fresh profile, so two of
 * them are two buyers who share nothing. Missing binaries fail the test with what to install:
 * a browser test never skips silently.
 */
public final class Chromium implements AutoCloseable {
  public static final Path SCREENSHOTS = Path.of("target", "e2e");
  private static final String BROWSER = env("CONCERT_E2E_CHROMIUM", "/usr/bin/chromium");
  private static final String DRIVER = env("CONCERT_E2E_CHROMEDRIVER", "/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Fails, loudly, unless Chromium and its driver are installed. */
  public static void require() {
    for (String binary : new String[] {BROWSER, DRIVER}) {
      if (!new File(binary).canExecute()) {
        throw new IllegalStateException(binary + " is missing: the browser tests need Debian's chromium and "
            + "chromium-driver packages (scripts/services.sh browser installs them; scripts/test.sh runs it), "
            + "or CONCERT_E2E_CHROMIUM / CONCERT_E2E_CHROMEDRIVER pointing at them");
      }
    }
  }

  /** A desktop browser whose window is {@code width} x {@code height} CSS pixels. */
  public static Chromium desktop(int width, int height) {
    return launch(width, height, false);
  }

  /**
   * A phone-sized touch screen of {@code width} x {@code height} CSS pixels (Chromium's device
   * emulation: a headless window is never narrower than 500 pixels).
   */
  public static Chromium phone(int width, int height) {
    return launch(width, height, true);
  }

  private static Chromium launch(int width, int height, boolean phone) {
    require();
    Path profile;
    try {
      profile = Files.createTempDirectory("concert-e2e-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    // Root needs --no-sandbox; the rest keeps Chromium off the (closed) network and quiet.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--force-device-scale-factor=1", "--user-data-dir=" + profile,
        "--window-size=" + Math.max(width, 500) + "," + height);
    if (phone) {
      options.setExperimentalOption("mobileEmulation", java.util.Map.of(
          "deviceMetrics", java.util.Map.of("width", width, "height", height, "pixelRatio", 1.0, "touch", true)));
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    return new Chromium(driver, profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** The visible window as {@code target/e2e/<name>.png}. */
  public Path screenshot(String name) {
    return save(name, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** One element (scrolled into view) as {@code target/e2e/<name>.png}. */
  public Path screenshot(String name, WebElement element) {
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    return save(name, ((TakesScreenshot) element).getScreenshotAs(OutputType.BYTES));
  }

  private static Path save(String name, byte[] png) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, png);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
