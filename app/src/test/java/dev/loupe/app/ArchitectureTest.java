package dev.loupe.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of the house style, checked on the compiled classes of every module. Plain JUnit tests
 * call {@code check} (ArchUnit's own engine ran here without reporting any test to surefire).
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.loupe");
        // The rules below pass vacuously on an empty import: make sure every module was seen.
        for (String module : new String[] {"inference.jlama.JlamaTextGenerator", "ui.chat.ChatViewModel", "app.Main"}) {
            org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.loupe." + module), "classes of dev.loupe." + module + " were not imported");
        }
    }

    @Test
    void onlyInferenceUsesJlama() {
        onlyInferenceUsesJlama.check(classes);
    }

    @Test
    void nothingUsesJlamaDownloads() {
        nothingUsesJlamaDownloads.check(classes);
    }

    @Test
    void onlyUiAndAppUseJavaFx() {
        onlyUiAndAppUseJavaFx.check(classes);
    }

    @Test
    void onlyRagUsesLucene() {
        onlyRagUsesLucene.check(classes);
    }

    @Test
    void onlyTheHttpTransportUsesNetty() {
        onlyTheHttpTransportUsesNetty.check(classes);
    }

    @Test
    void onlyTheMcpPackageUsesTheMcpSdk() {
        onlyTheMcpPackageUsesTheMcpSdk.check(classes);
    }

    @Test
    void dependenciesPointInward() {
        dependenciesPointInward.check(classes);
    }

    static final ArchRule onlyInferenceUsesJlama = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.inference..")
            .should().dependOnClassesThat().resideInAPackage("com.github.tjake..")
            .because("the engine adapter is the one place that knows Jlama; everything else uses the engine API");

    static final ArchRule nothingUsesJlamaDownloads = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("com.github.tjake.jlama.util.Downloader")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("com.github.tjake.jlama.util.HttpSupport")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("com.github.tjake.jlama.safetensors.HTTPSafeTensorLoader")
            .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("maybeDownloadModel")))
            .because("Loupe is offline: no code path may reach a model hub");

    static final ArchRule onlyUiAndAppUseJavaFx = noClasses()
            .that().resideOutsideOfPackages("dev.loupe.ui..", "dev.loupe.app..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the engine, documents and agents must run headless (CLI, API server, tests)");

    static final ArchRule onlyRagUsesLucene = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.rag..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.lucene..")
            .because("the document index is an implementation detail of the rag module");

    static final ArchRule onlyTheHttpTransportUsesNetty = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.app.server.http..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("the API server's HTTP library stays behind Exchange and EventStream (docs/decisions/0020)");

    static final ArchRule onlyTheMcpPackageUsesTheMcpSdk = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.agents.mcp..")
            .should().dependOnClassesThat().resideInAPackage("io.modelcontextprotocol..")
            .because("MCP servers reach the rest of Loupe only as Tools (docs/decisions/0056)");

    // Optional layers: a module with no classes yet (agents) must not fail the rule.
    static final ArchRule dependenciesPointInward = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
            .layer("app").definedBy("dev.loupe.app..")
            .layer("ui").definedBy("dev.loupe.ui..")
            .layer("agents").definedBy("dev.loupe.agents..")
            .layer("rag").definedBy("dev.loupe.rag..")
            .layer("inference").definedBy("dev.loupe.inference..")
            .whereLayer("app").mayNotBeAccessedByAnyLayer()
            .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
            .whereLayer("agents").mayOnlyBeAccessedByLayers("ui", "app")
            .whereLayer("rag").mayOnlyBeAccessedByLayers("agents", "ui", "app")
            .because("ui -> agents -> rag -> inference; app wires everything");
}
