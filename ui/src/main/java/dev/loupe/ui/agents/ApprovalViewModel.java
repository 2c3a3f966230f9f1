package dev.loupe.ui.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.agents.run.ApprovalGate;
import dev.loupe.agents.run.SchemaValidator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The approval card of a sensitive action: what the model wants to run and why, arguments the user may edit
 * (checked against the tool's schema as they type, and again before approving), and a reason for a rejection,
 * which the model gets as the observation. Answers once. UI thread only.
 */
public final class ApprovalViewModel {
    private final ApprovalGate.Request request;
    private final JsonNode schema;
    private final Consumer<ApprovalGate.Decision> answer;
    private final String original;
    private final StringProperty arguments;
    private final BooleanProperty editing = new SimpleBooleanProperty(this, "editing", false);
    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper(this, "validation", "");
    private final ReadOnlyBooleanWrapper decided = new ReadOnlyBooleanWrapper(this, "decided", false);

    /**
     * @param schema the tool's arguments schema
     * @param answer receives the decision, once, on the UI thread
     */
    ApprovalViewModel(ApprovalGate.Request request, JsonNode schema, Consumer<ApprovalGate.Decision> answer) {
        this.request = Objects.requireNonNull(request, "request");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.answer = Objects.requireNonNull(answer, "answer");
        this.original = PrettyJson.write(request.arguments());
        this.arguments = new SimpleStringProperty(this, "arguments", original);
        arguments.addListener(o -> validation.set(problem(arguments.get()).orElse("")));
    }

    /**
     * Runs the tool with the arguments shown, edited or not.
     *
     * @return false, with {@link #validationProperty()} saying why, when the edited arguments are not valid
     */
    public boolean approve() {
        if (decided.get()) {
            return false;
        }
        Optional<String> problem = problem(arguments.get());
        if (problem.isPresent()) {
            validation.set(problem.get());
            return false;
        }
        decide(new ApprovalGate.Decision.Approve(PrettyJson.read(arguments.get()).orElseThrow()));
        return true;
    }

    /** Does not run the tool; the reason (or a default one when blank) becomes the observation. */
    public void reject() {
        if (!decided.get()) {
            decide(new ApprovalGate.Decision.Reject(reason.get()));
        }
    }

    /** Puts the arguments back as the model wrote them and leaves editing. */
    public void resetArguments() {
        arguments.set(original);
        editing.set(false);
    }

    private void decide(ApprovalGate.Decision decision) {
        decided.set(true);
        answer.accept(decision);
    }

    /** What is wrong with {@code text} as the tool's arguments, in one sentence; empty when they may run. */
    private Optional<String> problem(String text) {
        Optional<JsonNode> value = PrettyJson.read(text);
        if (value.isEmpty()) {
            return Optional.of("The arguments are not JSON: " + PrettyJson.problem(text) + ".");
        }
        List<String> problems = SchemaValidator.problems(value.get(), schema);
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("The arguments do not fit " + request.tool() + ": " + String.join("; ", problems) + ".");
    }

    public int step() {
        return request.step();
    }

    public String tool() {
        return request.tool();
    }

    /** Why the model wants the action. */
    public String thought() {
        return request.thought();
    }

    /** The arguments as indented JSON, editable. */
    public StringProperty argumentsProperty() {
        return arguments;
    }

    /** Whether the arguments editor is open. */
    public BooleanProperty editingProperty() {
        return editing;
    }

    /** Why the action is rejected; told to the model. */
    public StringProperty reasonProperty() {
        return reason;
    }

    /** What is wrong with the edited arguments; empty when they fit the tool's schema. */
    public ReadOnlyStringProperty validationProperty() {
        return validation.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty decidedProperty() {
        return decided.getReadOnlyProperty();
    }
}
