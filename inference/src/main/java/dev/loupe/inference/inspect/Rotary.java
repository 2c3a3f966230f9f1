package dev.loupe.inference.inspect;

/**
 * The rotary position embedding a model's attention uses: the angle by which the pair of head dimensions
 * {@code (i, i + headSize/2)} is rotated at a position.
 */
public interface Rotary {
    float cos(int position, int pair);

    float sin(int position, int pair);

    /**
     * The standard table: angle {@code position * theta^(-2 * pair / headSize)}, computed in double.
     */
    static Rotary standard(double theta, int headSize) {
        return new Rotary() {
            @Override
            public float cos(int position, int pair) {
                return (float) Math.cos(angle(position, pair));
            }

            @Override
            public float sin(int position, int pair) {
                return (float) Math.sin(angle(position, pair));
            }

            private double angle(int position, int pair) {
                return position * Math.pow(theta, -2.0 * pair / headSize);
            }
        };
    }
}
