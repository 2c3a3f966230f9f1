package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * Checks every rule of {@link ArchitectureTest} through plain JUnit Jupiter. Under this build's Surefire the
 * ArchUnit engine reports "Tests run: 0" for that class, and a deliberately broken rule did not fail the build;
 * this test makes the rules bind whatever the engine does.
 */
class ArchitectureRulesHoldTest {
    @Test
    void everyArchitectureRuleHolds() throws IllegalAccessException {
        JavaClasses classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("dev.loupe");
        int checked = 0;
        for (Field field : ArchitectureTest.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ArchRule.class.isAssignableFrom(field.getType())) {
                ((ArchRule) field.get(null)).check(classes);
                checked++;
            }
        }
        assertTrue(checked >= 6, "found only " + checked + " rules");
    }
}
