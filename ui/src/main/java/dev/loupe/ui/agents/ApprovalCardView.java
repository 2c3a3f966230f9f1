package dev.loupe.ui.agents;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The inline card of an action waiting for approval: approve, edit the arguments, or reject with a reason. */
final class ApprovalCardView extends VBox {
    static final String ID = "approval";
    static final String ARGUMENTS = "approval-arguments";
    static final String APPROVE = "approve";
    static final String EDIT = "edit-arguments";
    static final String REJECT = "reject";
    static final String REASON = "reject-reason";
    static final String VALIDATION = "approval-validation";

    ApprovalCardView(ApprovalViewModel approval) {
        setId(ID);
        getStyleClass().addAll(LoupeStyles.AGENT_CARD, LoupeStyles.AGENT_APPROVAL);
        Label step = new Label("Step " + approval.step());
        step.getStyleClass().add(LoupeStyles.AGENT_STEP);
        Label kind = new Label("Approval needed · " + approval.tool());
        kind.getStyleClass().add(LoupeStyles.AGENT_KIND);
        HBox header = new HBox(8, step, kind);
        header.setAlignment(Pos.CENTER_LEFT);
        Label why = new Label(approval.thought().isBlank() ? "The model gave no reason."
                : "The model says: " + approval.thought());
        why.setWrapText(true);
        why.setMinHeight(Region.USE_PREF_SIZE);

        TextArea arguments = new TextArea();
        arguments.setId(ARGUMENTS);
        arguments.getStyleClass().add(LoupeStyles.AGENT_CODE);
        arguments.textProperty().bindBidirectional(approval.argumentsProperty());
        arguments.editableProperty().bind(approval.editingProperty());
        arguments.setPrefRowCount((int) Math.min(10, Math.max(3, approval.argumentsProperty().get().lines().count())));
        Label validation = new Label();
        validation.setId(VALIDATION);
        validation.getStyleClass().add(LoupeStyles.VALIDATION);
        validation.textProperty().bind(approval.validationProperty());
        validation.visibleProperty().bind(approval.validationProperty().isNotEmpty());
        validation.managedProperty().bind(validation.visibleProperty());

        Button approve = new Button("Approve");
        approve.setId(APPROVE);
        approve.getStyleClass().add(Styles.SUCCESS);
        approve.setTooltip(new Tooltip("Run " + approval.tool() + " with the arguments shown."));
        approve.setOnAction(e -> approval.approve());
        ToggleButton edit = new ToggleButton("Edit arguments");
        edit.setId(EDIT);
        edit.selectedProperty().bindBidirectional(approval.editingProperty());
        edit.setTooltip(new Tooltip("Change the arguments before approving; they are checked against the tool's schema."));
        edit.selectedProperty().addListener((obs, old, now) -> {
            if (now) {
                arguments.requestFocus();
            }
        });
        TextField reason = new TextField();
        reason.setId(REASON);
        reason.setPromptText("Reason, told to the model");
        reason.textProperty().bindBidirectional(approval.reasonProperty());
        reason.setOnAction(e -> approval.reject());
        HBox.setHgrow(reason, Priority.ALWAYS);
        Button reject = new Button("Reject");
        reject.setId(REJECT);
        reject.getStyleClass().add(Styles.DANGER);
        reject.setTooltip(new Tooltip("Do not run it; the model is told the reason."));
        reject.setOnAction(e -> approval.reject());
        for (Button b : new Button[] {approve, reject}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.disableProperty().bind(approval.decidedProperty());
        }
        edit.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(8, approve, edit, reason, reject);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(header, why, arguments, validation, buttons);
    }
}
