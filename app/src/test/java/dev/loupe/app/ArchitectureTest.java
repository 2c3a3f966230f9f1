package dev.loupe.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module boundaries of the house style, checked on the compiled classes of every module. */
@AnalyzeClasses(packages = "dev.loupe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyInferenceUsesJlama = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.inference..")
            .should().dependOnClassesThat().resideInAPackage("com.github.tjake..")
            .because("the engine adapter is the one place that knows Jlama; everything else uses the engine API");

    @ArchTest
    static final ArchRule nothingUsesJlamaDownloads = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("com.github.tjake.jlama.util.Downloader")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("com.github.tjake.jlama.util.HttpSupport")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("com.github.tjake.jlama.safetensors.HTTPSafeTensorLoader")
            .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("maybeDownloadModel")))
            .because("Loupe is offline: no code path may reach a model hub");

    @ArchTest
    static final ArchRule onlyUiAndAppUseJavaFx = noClasses()
            .that().resideOutsideOfPackages("dev.loupe.ui..", "dev.loupe.app..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the engine, documents and agents must run headless (CLI, API server, tests)");

    @ArchTest
    static final ArchRule onlyRagUsesLucene = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.rag..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.lucene..")
            .because("the document index is an implementation detail of the rag module");

    @ArchTest
    static final ArchRule onlyTheHttpTransportUsesNetty = noClasses()
            .that().resideOutsideOfPackage("dev.loupe.app.server.http..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("the API server's HTTP library stays behind Exchange and EventStream (docs/decisions/0020)");

    @ArchTest
    static final ArchRule dependenciesPointInward = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true) // agents (and rag, before it lands) may have no classes yet
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
