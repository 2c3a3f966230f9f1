package dev.loupe.app.storage.conversation;

import dev.loupe.inference.TokenEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A whole conversation, every branch and every token, independent of any database: what export writes and
 * import reads. Messages refer to each other by {@code ref}, numbered from 1 in the order they were added, so
 * exporting the same tree from two databases gives equal values.
 *
 * @param title the conversation's title
 * @param systemPrompt its system prompt, empty for none
 * @param modelId its default model
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param nodes its messages, parents before their children, in the order they were added
 */
public record ConversationTree(String title, String systemPrompt, Optional<String> modelId, Instant createdAt,
                               Instant updatedAt, List<Node> nodes) {

    /**
     * One message of the tree.
     *
     * @param ref its number in this tree, from 1
     * @param parentRef the ref of its parent; empty for a first message
     * @param active whether it is the active one among its siblings (at most one sibling is; when none is, the
     *     most recently added one counts as active)
     * @param tokens its per-token data, empty when there is none
     */
    public record Node(int ref, OptionalInt parentRef, Role role, String content, MessageStatus status,
                       Instant createdAt, Optional<GenerationSetup> generation, Optional<Timings> timings,
                       List<TokenEvent> tokens, boolean active) {
        public Node {
            Objects.requireNonNull(parentRef, "parentRef");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(generation, "generation");
            Objects.requireNonNull(timings, "timings");
            tokens = List.copyOf(tokens);
            if (generation.isPresent() && role != Role.ASSISTANT) {
                throw new IllegalArgumentException("message " + ref + ": only assistant messages are generated");
            }
            if (timings.isPresent() && generation.isEmpty()) {
                throw new IllegalArgumentException("message " + ref + ": timings belong to a generation; it has none");
            }
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).index() != i) {
                    throw new IllegalArgumentException("message " + ref + ": token " + i + " has index " + tokens.get(i).index());
                }
            }
        }
    }

    public ConversationTree {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        nodes = List.copyOf(nodes);
        Set<Integer> seen = new HashSet<>();
        Set<Integer> parentsWithActiveChild = new HashSet<>();
        for (Node node : nodes) {
            if (node.ref() < 1 || !seen.add(node.ref())) {
                throw new IllegalArgumentException("message refs must be positive and unique, got " + node.ref() + " twice or below 1");
            }
            if (node.parentRef().isPresent() && !seen.contains(node.parentRef().getAsInt())) {
                throw new IllegalArgumentException("message " + node.ref() + " comes before its parent " + node.parentRef().getAsInt());
            }
            if (node.active() && !parentsWithActiveChild.add(node.parentRef().orElse(0))) {
                throw new IllegalArgumentException("message " + node.ref() + " is a second active sibling");
            }
        }
    }

    /** The active branch from a first message to a leaf, the way the store chooses it. */
    public List<Node> activePath() {
        Map<Integer, List<Node>> children = new HashMap<>();
        for (Node node : nodes) {
            children.computeIfAbsent(node.parentRef().orElse(0), k -> new ArrayList<>()).add(node);
        }
        List<Node> path = new ArrayList<>();
        List<Node> level = children.getOrDefault(0, List.of());
        while (!level.isEmpty()) {
            Node chosen = level.stream().filter(Node::active).findFirst().orElse(level.getLast());
            path.add(chosen);
            level = children.getOrDefault(chosen.ref(), List.of());
        }
        return path;
    }

    /** How many siblings {@code node} has, itself included. */
    public int siblingCount(Node node) {
        return (int) nodes.stream().filter(n -> n.parentRef().equals(node.parentRef())).count();
    }

    /** The position of {@code node} among its siblings, from 0. */
    public int siblingIndex(Node node) {
        int index = 0;
        for (Node n : nodes) {
            if (n.ref() == node.ref()) {
                return index;
            }
            if (n.parentRef().equals(node.parentRef())) {
                index++;
            }
        }
        throw new IllegalArgumentException("message " + node.ref() + " is not in this tree");
    }
}
