package dev.loupe.app.desktop;

import dev.loupe.agents.run.AgentLimits;
import dev.loupe.app.storage.trace.AgentRunSetup;
import dev.loupe.ui.agents.AgentSetup;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Converts the agents workspace's setup to the plain values the database keeps, and back. Stateless. */
final class AgentSetups {
    private AgentSetups() {
    }

    static AgentRunSetup stored(AgentSetup setup) {
        AgentLimits limits = setup.limits();
        return new AgentRunSetup(setup.tools(), setup.grants().stream().map(Path::toString).toList(), setup.collection(),
                limits.maxSteps(), limits.toolTimeoutMillis(), limits.totalBudgetMillis(), limits.maxStepTokens(),
                setup.temperature(), setup.seed().isPresent() ? setup.seed().getAsLong() : null);
    }

    static AgentSetup of(AgentRunSetup stored) {
        return new AgentSetup(stored.tools(), stored.grants().stream().map(Path::of).toList(), stored.collection(),
                new AgentLimits(stored.maxSteps(), stored.toolTimeoutMillis(), stored.totalBudgetMillis(),
                        stored.maxStepTokens()), stored.temperature(),
                stored.seed() == null ? OptionalLong.empty() : OptionalLong.of(stored.seed()));
    }
}
