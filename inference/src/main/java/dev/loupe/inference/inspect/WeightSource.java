package dev.loupe.inference.inspect;

/**
 * Named weights of a model as plain floats, whatever their stored type (F32, F16, BF16, quantized): the input of
 * the {@link InspectionPass}. Matrices are row-major {@code [out][in]}, like a PyTorch {@code Linear} weight.
 * Implementations must be safe to call from several threads.
 */
public interface WeightSource {
    /** Every value of the tensor {@code name}, row-major. */
    float[] tensor(String name);

    /** Row {@code row} of the 2-D tensor {@code name}, of {@code columns} values. */
    float[] row(String name, int row, int columns);
}
