package dev.loupe.app.agent;

import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.FolderGrants;
import dev.loupe.agents.tool.ListFiles;
import dev.loupe.agents.tool.ReadFile;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The built-in tools, chosen by name. Stateless. */
public final class BuiltInTools {
    /** Every built-in tool name, in the order they are offered. */
    public static final List<String> NAMES = List.of("calculator", "current_time", "read_file", "list_files");
    /** Longest text read_file returns, in characters. */
    public static final int READ_FILE_MAX_CHARS = 8_000;

    private BuiltInTools() {
    }

    /**
     * The named tools, in the given order.
     *
     * @param grants the folders read_file and list_files may see
     * @throws ToolException naming an unknown tool and listing the known ones
     */
    public static List<Tool> select(List<String> names, FolderGrants grants, Clock clock) {
        List<Tool> tools = new ArrayList<>();
        for (String name : names) {
            tools.add(switch (name.strip()) {
                case "calculator" -> new Calculator();
                case "current_time" -> new CurrentTime(clock);
                case "read_file" -> new ReadFile(grants, READ_FILE_MAX_CHARS);
                case "list_files" -> new ListFiles(grants);
                default -> throw new ToolException("There is no built-in tool named '" + name.strip()
                        + "'; choose from " + String.join(", ", NAMES) + ".");
            });
        }
        return tools;
    }
}
