package dev.loupe.inference.lab;

import dev.loupe.inference.GenerationResult;

/**
 * One setting run on one model.
 *
 * @param model the model's name
 * @param setting what was run
 * @param result the generation; its time to first token counts from the end of a shared prefill
 * @param metrics the comparison's figures
 */
public record ComparisonRun(String model, ComparisonSetting setting, GenerationResult result, RunMetrics metrics) {}
