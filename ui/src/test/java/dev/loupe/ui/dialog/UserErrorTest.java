package dev.loupe.ui.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class UserErrorTest {
    @Test
    void loupesOwnSentenceIsShownAndTheCausesAreTheDetails() {
        UserError error = UserError.from(new ModelLoadException("The folder /m has no config.json.", new IOException("no such file")),
                "load the model");
        assertEquals("The folder /m has no config.json.", error.message());
        assertTrue(error.details().contains("Caused by: java.io.IOException: no such file"), error.details());
        assertTrue(error.details().contains("    at "), error.details());
    }

    @Test
    void anythingElseSaysWhatCouldNotBeDoneAndPointsToTheDetails() {
        UserError error = UserError.from(new IllegalStateException("boom"), "save the reply");
        assertEquals("Loupe could not save the reply because of an unexpected error (IllegalStateException); the details say more.",
                error.message());
        assertTrue(error.details().startsWith("java.lang.IllegalStateException: boom\n"), error.details());
    }
}
