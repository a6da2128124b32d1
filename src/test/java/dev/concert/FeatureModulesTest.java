package dev.concert;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The one list of feature modules ({@code Application.modules}) is the only wiring: a module not
 * on it is never deployed nor bound, and a role no module deploys would start nothing.
 */
class FeatureModulesTest {
  private static final List<FeatureModule> MODULES = Application.modules(AppConfig.from(Map.of(
      "CONCERT_TOKEN_SECRET", "a-long-enough-secret", "CONCERT_ADMIN_KEY", "test-admin-key")));

  @Test
  void everyRoleButTheHttpEdgeDeploysAVerticle() {
    for (Role role : Role.values()) {
      if (role == Role.HTTP) {
        continue; // the application deploys the HTTP edge itself, after every module
      }
      assertThat(MODULES.stream().filter(m -> m.role() == role)
          .anyMatch(m -> !m.singletons().isEmpty() || !m.perEventLoop().isEmpty()))
          .as("some module of the %s role deploys a verticle", role).isTrue();
    }
  }

  @Test
  void everyModuleClassIsListedOnceAndEachPackageHasAtMostOne() {
    Set<String> written = new ClassFileImporter().importPath(Paths.get("target", "classes")).stream()
        .filter(c -> c.isAssignableTo(FeatureModule.class) && !c.isInterface())
        .map(JavaClass::getName).collect(Collectors.toSet());
    List<String> listed = MODULES.stream().map(m -> m.getClass().getName()).toList();
    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
    assertThat(MODULES.stream().map(m -> m.getClass().getPackageName()).toList()).doesNotHaveDuplicates();
  }
}
