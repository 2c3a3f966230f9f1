package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppPathsTest {
    @Test
    void linuxFollowsXdgDataHomeAndFallsBackToLocalShare() {
        assertEquals(Path.of("/data/me/loupe"), AppPaths.defaultHome("Linux", Map.of("XDG_DATA_HOME", "/data/me"), "/home/me"));
        assertEquals(Path.of("/home/me/.local/share/loupe"), AppPaths.defaultHome("Linux", Map.of(), "/home/me"));
        assertEquals(Path.of("/home/me/.local/share/loupe"),
                AppPaths.defaultHome("Linux", Map.of("XDG_DATA_HOME", "relative/dir"), "/home/me"), "relative values are ignored");
    }

    @Test
    void macOsUsesApplicationSupport() {
        assertEquals(Path.of("/Users/me/Library/Application Support/Loupe"), AppPaths.defaultHome("Mac OS X", Map.of(), "/Users/me"));
    }

    @Test
    void windowsUsesLocalAppData() {
        assertEquals(Path.of("C:\\Users\\me\\AppData\\Local", "Loupe"),
                AppPaths.defaultHome("Windows 11", Map.of("LOCALAPPDATA", "C:\\Users\\me\\AppData\\Local"), "C:\\Users\\me"));
        assertEquals(Path.of("C:\\Users\\me", "AppData", "Local", "Loupe"), AppPaths.defaultHome("Windows 11", Map.of(), "C:\\Users\\me"));
    }

    @Test
    void loupeHomeWinsEverywhere() {
        for (String os : new String[] {"Linux", "Mac OS X", "Windows 11"}) {
            assertEquals(Path.of("/elsewhere"), AppPaths.defaultHome(os, Map.of("LOUPE_HOME", "/elsewhere", "XDG_DATA_HOME", "/x"), "/home/me"));
        }
    }
}
