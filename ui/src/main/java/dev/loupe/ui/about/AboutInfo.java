package dev.loupe.ui.about;

import java.util.List;
import java.util.Objects;

/**
 * What the About dialog shows, read at run time from the running build rather than written into the code, so that
 * it names the versions and licences that actually ship.
 *
 * @param components Loupe, the Java runtime and the main libraries, each with the version found on the class path
 * @param bundledModel the licence line of the model the installation bundles, e.g. "stories260K (llama2.c): MIT
 *     License"; empty when none is bundled
 * @param notices the third-party notices: every bundled library with its licence
 */
public record AboutInfo(List<Component> components, String bundledModel, String notices) {
    public AboutInfo {
        components = List.copyOf(components);
        Objects.requireNonNull(bundledModel, "bundledModel");
        Objects.requireNonNull(notices, "notices");
    }

    /**
     * One part of the running app and its version.
     *
     * @param name e.g. "Apache Lucene"
     * @param version e.g. "10.3.1", or a sentence saying why it is unknown
     */
    public record Component(String name, String version) {
        public Component {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }
    }
}
