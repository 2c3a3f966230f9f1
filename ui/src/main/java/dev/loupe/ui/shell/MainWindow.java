package dev.loupe.ui.shell;

import dev.loupe.ui.settings.WindowPlacement;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Puts the main view in a stage where the last session left it and remembers the place when it closes. The
 * placement is kept while not maximized, so that un-maximizing after a restart restores the old size.
 */
public final class MainWindow {
    private double x;
    private double y;
    private double width;
    private double height;

    private MainWindow() {}

    /**
     * Shows {@code view} in {@code stage} at {@code placement} (moved onto a screen if it is off every screen). Closing
     * the window stops a streaming reply (it keeps what it has), remembers the placement, then runs {@code onClosed}.
     */
    public static Scene show(Stage stage, MainView view, MainViewModel main, WindowPlacement placement, Runnable onClosed) {
        MainWindow window = new MainWindow();
        Scene scene = new Scene(view, placement.width(), placement.height());
        view.install(scene);
        stage.setScene(scene);
        stage.setTitle("Loupe");
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        boolean visible = Screen.getScreensForRectangle(placement.x(), placement.y(), 100, 60).size() > 0;
        Rectangle2D primary = Screen.getPrimary().getVisualBounds();
        stage.setX(visible ? placement.x() : primary.getMinX() + 40);
        stage.setY(visible ? placement.y() : primary.getMinY() + 40);
        stage.setWidth(placement.width());
        stage.setHeight(placement.height());
        stage.setMaximized(placement.maximized());
        window.x = stage.getX();
        window.y = stage.getY();
        window.width = placement.width();
        window.height = placement.height();
        Runnable track = () -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                window.x = stage.getX();
                window.y = stage.getY();
                window.width = Math.max(WindowPlacement.MIN_WIDTH, stage.getWidth());
                window.height = Math.max(WindowPlacement.MIN_HEIGHT, stage.getHeight());
            }
        };
        stage.xProperty().addListener(o -> track.run());
        stage.yProperty().addListener(o -> track.run());
        stage.widthProperty().addListener(o -> track.run());
        stage.heightProperty().addListener(o -> track.run());
        stage.setOnCloseRequest(e -> main.chat().stop());
        stage.setOnHidden(e -> {
            main.rememberWindow(window.placement(stage.isMaximized()));
            onClosed.run();
        });
        stage.show();
        return scene;
    }

    private WindowPlacement placement(boolean maximized) {
        return new WindowPlacement(x, y, width, height, maximized);
    }
}
