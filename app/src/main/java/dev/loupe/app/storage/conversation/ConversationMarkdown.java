package dev.loupe.app.storage.conversation;

import java.util.Locale;

/**
 * A conversation as a Markdown transcript for people: the title, the system prompt and the active branch, each
 * generated reply followed by a one-line note of how it was made. Other branches are counted, not shown; the
 * JSON export keeps them all. Message text is Markdown already and is copied as it is. Stateless and thread-safe.
 */
public final class ConversationMarkdown {
    private ConversationMarkdown() {}

    public static String write(ConversationTree tree) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(oneLine(tree.title())).append("\n\n");
        tree.modelId().ifPresent(model -> md.append("- Model: ").append(model).append('\n'));
        md.append("- Created: ").append(tree.createdAt()).append('\n');
        md.append("- Updated: ").append(tree.updatedAt()).append("\n\n");
        if (!tree.systemPrompt().isBlank()) {
            md.append("## System prompt\n\n");
            tree.systemPrompt().strip().lines().forEach(line -> md.append("> ").append(line).append('\n'));
            md.append('\n');
        }
        for (ConversationTree.Node node : tree.activePath()) {
            md.append("## ").append(heading(node.role()));
            int siblings = tree.siblingCount(node);
            if (siblings > 1) {
                md.append(" (").append(tree.siblingIndex(node) + 1).append(" of ").append(siblings).append(')');
            }
            md.append("\n\n").append(node.content().strip()).append("\n\n");
            if (node.status() != MessageStatus.COMPLETE) {
                md.append("*(").append(node.status() == MessageStatus.STREAMING ? "still generating" : "interrupted")
                        .append(")*\n\n");
            }
            node.generation().ifPresent(g -> {
                md.append("*").append(g.modelId());
                g.presetName().ifPresent(p -> md.append(" · ").append(p));
                md.append(" · seed ").append(g.seed());
                node.timings().ifPresent(t -> md.append(" · ").append(t.promptTokens()).append(" prompt tokens, ")
                        .append(t.generatedTokens()).append(" generated · first token ").append(t.ttftMillis())
                        .append(" ms · ").append(String.format(Locale.ROOT, "%.1f", t.tokensPerSecond()))
                        .append(" tok/s · ").append(t.finishReason().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
                md.append("*\n\n");
            });
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static String heading(Role role) {
        return switch (role) {
            case SYSTEM -> "System";
            case USER -> "User";
            case ASSISTANT -> "Assistant";
        };
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
