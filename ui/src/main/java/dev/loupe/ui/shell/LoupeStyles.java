package dev.loupe.ui.shell;

import java.net.URL;
import java.util.Objects;

/**
 * Loupe's own style classes, defined in {@code dev/loupe/resources/css/loupe.css} (resources module) on top of
 * AtlantaFX; AtlantaFX's own classes come from {@link atlantafx.base.theme.Styles}.
 */
public final class LoupeStyles {
    private LoupeStyles() {}

    private static final URL STYLESHEET_URL = Objects.requireNonNull(
            LoupeStyles.class.getResource("/dev/loupe/resources/css/loupe.css"), "loupe.css is missing from the resources module");

    /** The stylesheet to add to every scene. */
    public static String stylesheet() {
        return STYLESHEET_URL.toExternalForm();
    }

    public static final String SIDEBAR = "loupe-sidebar";
    public static final String BRAND = "loupe-brand";
    public static final String NAV_BUTTON = "loupe-nav-button";
    public static final String STATUS_BAR = "loupe-status-bar";
    public static final String STATUS_MODEL = "loupe-status-model";
    public static final String STATUS_ERROR = "loupe-status-error";
    public static final String WORKSPACE_HEADER = "loupe-workspace-header";
    public static final String CONVERSATION_LIST_PANE = "loupe-conversation-list-pane";
    public static final String CONVERSATION_TITLE = "loupe-conversation-title";
    public static final String CONVERSATION_TIME = "loupe-conversation-time";
    public static final String TRANSCRIPT = "loupe-transcript";
    public static final String TRANSCRIPT_SCROLL = "loupe-transcript-scroll";
    public static final String MESSAGE = "loupe-message";
    public static final String MESSAGE_USER = "loupe-message-user";
    public static final String MESSAGE_ASSISTANT = "loupe-message-assistant";
    public static final String MESSAGE_ROLE = "loupe-message-role";
    public static final String MESSAGE_BADGE = "loupe-message-badge";
    public static final String MESSAGE_PROBLEM = "loupe-message-problem";
    public static final String MESSAGE_ACTIONS = "loupe-message-actions";
    public static final String SIBLING_SWITCHER = "loupe-sibling-switcher";
    public static final String EMPTY_STATE = "loupe-empty-state";
    public static final String MD = "loupe-md";
    public static final String MD_TEXT = "loupe-md-text";
    public static final String MD_BOLD = "loupe-md-bold";
    public static final String MD_ITALIC = "loupe-md-italic";
    public static final String MD_INLINE_CODE = "loupe-md-inline-code";
    public static final String MD_CODE_BLOCK = "loupe-md-code-block";
    public static final String MD_CODE = "loupe-md-code";
    public static final String MD_CODE_LANGUAGE = "loupe-md-code-language";
    public static final String MD_QUOTE = "loupe-md-quote";
    public static final String MD_BULLET = "loupe-md-bullet";
    public static final String MD_RULE = "loupe-md-rule";
    public static final String COMPOSER = "loupe-composer";
    public static final String HINT = "loupe-hint";
    public static final String ERROR_BAR = "loupe-error-bar";
    public static final String NOTICE_BAR = "loupe-notice-bar";
    public static final String SIDE_PANEL = "loupe-side-panel";
    public static final String SIDE_PANEL_CONTENT = "loupe-side-panel-content";
    public static final String SECTION_TITLE = "loupe-section-title";
    public static final String FIELD_LABEL = "loupe-field-label";
    public static final String VALIDATION = "loupe-validation";
    public static final String FIRST_RUN = "loupe-first-run";
    public static final String FIRST_RUN_TEXT = "loupe-first-run-text";
    public static final String TOOLBAR = "loupe-toolbar";
    public static final String TASK_BAR = "loupe-task-bar";
    public static final String CHART = "loupe-chart";
    public static final String HIT = "loupe-hit";
    public static final String HIT_HIGHLIGHT = "loupe-hit-highlight";
    public static final String AGENT_CARD = "loupe-agent-card";
    public static final String AGENT_THOUGHT = "loupe-agent-thought";
    public static final String AGENT_ACTION = "loupe-agent-action";
    public static final String AGENT_OBSERVATION = "loupe-agent-observation";
    public static final String AGENT_ANSWER = "loupe-agent-answer";
    public static final String AGENT_LIVE = "loupe-agent-live";
    public static final String AGENT_APPROVAL = "loupe-agent-approval";
    public static final String AGENT_KIND = "loupe-agent-kind";
    public static final String AGENT_STEP = "loupe-agent-step";
    public static final String AGENT_FIGURES = "loupe-agent-figures";
    public static final String AGENT_CODE = "loupe-agent-code";
    public static final String AGENT_TOOL_DESCRIPTION = "loupe-agent-tool-description";
    public static final String AGENT_DETAILS = "loupe-agent-details";
    public static final String COMPARE_COLUMN = "loupe-compare-column";
    public static final String COMPARE_LETTER = "loupe-compare-letter";
    public static final String COMPARE_ANSWER = "loupe-compare-answer";
    public static final String COMPARE_BAR = "loupe-compare-bar";
    public static final String VERDICT = "loupe-verdict";
    public static final String ASK_BAR = "loupe-ask-bar";
    public static final String SOURCES = "loupe-sources";
    public static final String CITATION = "loupe-citation";
    public static final String PASSAGE_TEXT = "loupe-passage-text";
    public static final String PASSAGE_HIGHLIGHT = "loupe-passage-highlight";
    public static final String PASSAGE_MARK = "loupe-passage-mark";
    public static final String PROMPT_VIEW = "loupe-prompt-view";
    public static final String SETTINGS_PANE = "loupe-settings-pane";
    public static final String INSPECT_CARD = "loupe-inspect-card";
    public static final String INSPECT_TOKEN = "loupe-inspect-token";
    public static final String INSPECT_PANEL = "loupe-inspect-panel";

    /** Heading classes by level, 1 to 3 (deeper levels use the third). */
    public static String heading(int level) {
        return "loupe-md-h" + Math.min(Math.max(level, 1), 3);
    }
}
