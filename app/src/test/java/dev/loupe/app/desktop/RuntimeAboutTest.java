package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.AppPaths;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.about.AboutInfo;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeAboutTest {
    @TempDir
    Path home;

    @Test
    void anInstallationWithTheBundledModelNamesItsLicence() {
        SharedModels.storiesSource();
        AboutInfo info = new RuntimeAbout(new AppPaths(home, Optional.empty(), Optional.of(SharedModels.sharedDir()))).read();
        assertTrue(info.bundledModel().startsWith("stories260K"), info.bundledModel());
        assertTrue(info.bundledModel().contains("MIT License"), info.bundledModel());
    }

    @Test
    void withoutABundledModelThereIsNoModelLicence() {
        assertEquals("", new RuntimeAbout(new AppPaths(home, Optional.empty())).read().bundledModel());
    }

    @Test
    void versionsComeFromTheJarsMavenPropertiesOrManifest() {
        // lucene-core has no pom.properties: its manifest's Implementation-Version is "10.3.1 <commit hash>".
        assertEquals(Optional.of(org.apache.lucene.util.Version.LATEST.toString()),
                RuntimeAbout.jarVersion("org/apache/lucene/util/Version.class"));
        assertEquals(Optional.empty(), RuntimeAbout.jarVersion("no/such/Class.class"));
    }
}
