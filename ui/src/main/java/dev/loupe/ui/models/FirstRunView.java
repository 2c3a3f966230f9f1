package dev.loupe.ui.models;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The first-run screen: what Loupe needs (a model on this disk) and the three ways to get one. The help text is
 * offline on purpose: Loupe never downloads, so it says which formats it reads and where to put them.
 */
public final class FirstRunView extends VBox {
    public static final String ID = "first-run";
    public static final String OPEN_FOLDER = "first-run-open-folder";
    public static final String IMPORT = "first-run-import";
    public static final String HELP = "first-run-help";
    public static final String HELP_TEXT = "first-run-help-text";
    public static final String SKIP = "first-run-skip";
    public static final String STATUS = "first-run-status";

    public FirstRunView(FirstRunViewModel firstRun, EngineViewModel engine) {
        setId(ID);
        getStyleClass().add(LoupeStyles.FIRST_RUN);
        setAlignment(Pos.TOP_LEFT);
        Label title = new Label("Welcome to Loupe");
        title.getStyleClass().add(Styles.TITLE_2);
        Label intro = new Label("Loupe runs language models on this computer, with no network. It needs a model on this "
                + "disk to start: there is none in " + firstRun.models().folder() + " yet.");
        intro.getStyleClass().add(LoupeStyles.FIRST_RUN_TEXT);
        intro.setWrapText(true);
        intro.setMaxWidth(640);

        Button open = new Button("Open a model folder…");
        open.setId(OPEN_FOLDER);
        open.getStyleClass().add(Styles.ACCENT);
        open.setOnAction(e -> firstRun.openFolder());
        Button importCheckpoint = new Button("Import a llama2.c checkpoint…");
        importCheckpoint.setId(IMPORT);
        importCheckpoint.setOnAction(e -> firstRun.importCheckpoint());
        Label status = new Label();
        status.setId(STATUS);
        status.setWrapText(true);
        status.setMaxWidth(640);
        Button help = new Button("How to get models");
        help.setId(HELP);
        help.setOnAction(e -> firstRun.toggleHelp());
        HBox actions = new HBox(10, open, importCheckpoint, help);
        ModelsViewModel models = firstRun.models();
        Runnable update = () -> {
            boolean busy = engine.stateProperty().get().isBusy() || !models.taskProperty().get().isEmpty();
            open.setDisable(busy);
            importCheckpoint.setDisable(busy);
            status.setText(status(models, engine));
        };
        models.taskProperty().addListener(o -> update.run());
        models.errorProperty().addListener(o -> update.run());
        engine.stateProperty().addListener(o -> update.run());
        engine.errorProperty().addListener(o -> update.run());
        update.run();

        Label helpText = new Label(helpText(firstRun));
        helpText.setId(HELP_TEXT);
        helpText.getStyleClass().add(LoupeStyles.FIRST_RUN_TEXT);
        helpText.setWrapText(true);
        helpText.setMaxWidth(640);
        helpText.visibleProperty().bind(firstRun.helpShownProperty());
        helpText.managedProperty().bind(firstRun.helpShownProperty());

        Hyperlink skip = new Hyperlink("Skip for now");
        skip.setId(SKIP);
        skip.setOnAction(e -> firstRun.skip());
        getChildren().addAll(title, intro, actions, status, helpText, skip);
    }

    /** What is going on: an import, a load, or why the last attempt failed. */
    private static String status(ModelsViewModel models, EngineViewModel engine) {
        if (!models.taskProperty().get().isEmpty()) {
            return models.taskProperty().get();
        }
        if (!engine.loadingNameProperty().get().isEmpty()) {
            return "Loading " + engine.loadingNameProperty().get() + "…";
        }
        if (models.errorProperty().get() != null) {
            return models.errorProperty().get().message();
        }
        return engine.errorProperty().get() == null ? "" : engine.errorProperty().get().message();
    }

    private static String helpText(FirstRunViewModel firstRun) {
        return """
                Loupe reads two kinds of models, both from your own disk:

                • A Hugging Face model folder: config.json, tokenizer.json (tokenizer_config.json with a chat template \
                is optional) and *.safetensors weights in F32, F16, BF16 or Jlama's Q4/Q8, of an architecture Jlama runs \
                (Llama, Mistral, Mixtral, Gemma, Gemma 2, Granite, GPT-2, Qwen2). Copy the folder you downloaded on \
                another machine, or with a browser, and open it here.

                • A llama2.c checkpoint (.bin, legacy fp32) with its tokenizer (tokenizer.bin): Loupe converts it into \
                a model folder.

                Put model folders in %s to see them in the Models workspace (Ctrl+6), or open one from anywhere. \
                Small models such as SmolLM2-135M or TinyLlama run on any recent computer; larger ones need as much \
                free memory as the Models workspace shows for them.""".formatted(firstRun.models().folder());
    }
}
