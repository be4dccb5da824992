package convkit.nn;

import convkit.conv.ConvSpec;

/** Ready-made networks. Each is built against its input shape, so its summary needs no arguments. */
public final class Models {
    private Models() {}

    /**
     * LeNet-5 (LeCun et al. 1998) on 28x28 gray images, in the layout 6-16-120-84-10: padding 2 in
     * the first conv restores the 32x32 input of the original. ReLU and max pooling take the place
     * of the original's scaled tanh and subsampling, as most modern versions do; 61,706 parameters.
     *
     * <pre>{@code
     * 1x28x28 -conv 5x5 pad 2-> 6x28x28 -max 2-> 6x14x14 -conv 5x5-> 16x10x10 -max 2-> 16x5x5
     *         -> 400 -> 120 -> 84 -> 10
     * }</pre>
     */
    public static Sequential lenet5(long seed) {
        return Sequential.input(1, 28, 28)
                .conv2d(6, 5, ConvSpec.padding(2)).relu().maxPool(2)
                .conv2d(16, 5).relu().maxPool(2)
                .flatten()
                .dense(120).relu()
                .dense(84).relu()
                .dense(10)
                .build(seed);
    }

    /**
     * The lecture's picture of a CNN (卷积层 -> 池化层 -> 全连接层 -> Softmax) in its smallest form:
     * one conv layer of eight 3x3 filters with same padding (提取特征), ReLU, 2x2 max pooling
     * (降维), one fully-connected layer to the classes (输出结果); softmax is part of the loss.
     *
     * @param channels input channels (1 for gray images)
     * @param size     input height and width (even, so 2x2 pooling fits)
     * @param classes  number of classes
     */
    public static Sequential cnnI(int channels, int size, int classes, long seed) {
        return Sequential.input(channels, size, size)
                .conv2d(8, 3, ConvSpec.padding(1)).relu()
                .maxPool(2)
                .flatten()
                .dense(classes)
                .build(seed);
    }

    /** {@link #cnnI(int, int, int, long)} for 28x28 gray images and 10 classes (Fashion-MNIST). */
    public static Sequential cnnI(long seed) {
        return cnnI(1, 28, 10, seed);
    }

    /**
     * A wider CNN on 28x28 gray images, three 3x3 conv layers of 32, 64 and 128 filters (same
     * padding), where nearly all the work is matrix multiplication: about 30 million multiply-adds
     * per image forward (LeNet-5: 0.4 million), 896,906 parameters. The benchmark's second model.
     *
     * <pre>{@code
     * 1x28x28 -conv 3x3 pad 1-> 32x28x28 -conv 3x3 pad 1-> 64x28x28 -max 2-> 64x14x14
     *         -conv 3x3 pad 1-> 128x14x14 -max 2-> 128x7x7 -> 6272 -> 128 -> 10
     * }</pre>
     */
    public static Sequential wideCnn(long seed) {
        return Sequential.input(1, 28, 28)
                .conv2d(32, 3, ConvSpec.padding(1)).relu()
                .conv2d(64, 3, ConvSpec.padding(1)).relu().maxPool(2)
                .conv2d(128, 3, ConvSpec.padding(1)).relu().maxPool(2)
                .flatten()
                .dense(128).relu()
                .dense(10)
                .build(seed);
    }

    /** A model by name, for the command line: {@code lenet5}, {@code cnn1} or {@code widecnn}. */
    public static Sequential byName(String name, long seed) {
        java.util.Objects.requireNonNull(name, "Models.byName: the name must not be null; use lenet5, cnn1 or widecnn");
        switch (name) {
            case "lenet5":
                return lenet5(seed);
            case "cnn1":
                return cnnI(seed);
            case "widecnn":
                return wideCnn(seed);
            default:
                throw new IllegalArgumentException("unknown model \"" + name + "\"; known: " + String.join(", ", NAMES));
        }
    }

    /** Names {@link #byName} knows. */
    public static final java.util.List<String> NAMES = java.util.List.of("lenet5", "cnn1", "widecnn");
}
