package convkit.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.Conv;
import convkit.conv.ConvSpec;
import convkit.conv.Kernel1d;
import convkit.conv.Kernel2d;
import convkit.filters.Filters;
import convkit.filters.Images;
import convkit.data.FashionMnist;
import convkit.data.IdxException;
import convkit.data.Synthetic;
import convkit.lecture.Lecture;
import convkit.nn.Conv2d;
import convkit.nn.Dense;
import convkit.nn.MaxPool2d;
import convkit.nn.Models;
import convkit.nn.NonFiniteException;
import convkit.nn.Sequential;
import convkit.pool.Pool;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import convkit.train.Checkpoint;
import convkit.train.CheckpointException;
import convkit.train.CheckpointFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, one case per test: the error must name the argument, the shapes, and fill the
 * lecture's formula in with the numbers where one applies. Assertions check the message text.
 */
class BadInputTest {

    static <T extends Throwable> String message(Class<T> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should mention \"" + p + "\" but was:\n" + message);
    }

    static final Tensor X3 = Tensor.parse("2 10 8\n5 15 20\n6 11 9");
    static final Kernel2d K2 = Kernel2d.parse("1 8\n-5 6");

    @Test
    void strideZero() {
        assertMentions(message(ShapeException.class, () -> K2.stride(0)), "stride must be at least 1", "S=0");
    }

    @Test
    void negativePadding() {
        assertMentions(message(ShapeException.class, () -> K2.padding(-1)), "padding must be 0 or more", "P=-1");
    }

    @Test
    void dilationZero() {
        assertMentions(message(ShapeException.class, () -> ConvSpec.dilation(0)), "dilation must be at least 1", "D=0");
    }

    @Test
    void kernelLargerThanThePaddedInput() {
        String m = message(ShapeException.class, () -> Kernel2d.of(Tensor.ones(5, 5)).correlate(X3));
        assertMentions(m, "kernel is larger than the padded input", "F=5", "W1=3", "W1 + 2P = 3 < 5", "(3 - 5 + 0)/1 + 1", "padding P >= 1");
    }

    @Test
    void strideThatDoesNotDivide() {
        String m = message(ShapeException.class, () -> Kernel2d.of(Tensor.ones(3, 3)).stride(3).correlate(Tensor.rand(Shape.of(7, 7), 1)));
        assertMentions(m, "not a whole number", "W1=7", "F=3", "S=3", "(7 - 3 + 0)/3 + 1 = 4/3 + 1 = 2.33", "stride 2", "Rounding.FLOOR");
    }

    @Test
    void channelMismatch() {
        String m = message(ShapeException.class,
                () -> Conv.correlate2d(Tensor.rand(Shape.of(8, 1, 28, 28), 1), Tensor.rand(Shape.of(6, 3, 5, 5), 2), null, ConvSpec.DEFAULT));
        assertMentions(m, "C=1 channels", "(6, 3, 5, 5)", "expect C=3", "(F, 1, 5, 5)");
    }

    @Test
    void imageWhereABatchIsExpected() {
        String m = message(ShapeException.class, () -> Conv.correlate2d(Tensor.rand(Shape.of(28, 28), 1), Tensor.rand(Shape.of(6, 1, 5, 5), 2), null, ConvSpec.DEFAULT));
        assertMentions(m, "x must be (N, C, H, W)", "(28, 28)", "rank 2", "reshape to (1, 1, H, W)");
    }

    @Test
    void weightsOfTheWrongRank() {
        String m = message(ShapeException.class, () -> Conv.correlate2d(Tensor.rand(Shape.of(1, 1, 8, 8), 1), Tensor.rand(Shape.of(3, 3), 2), null, ConvSpec.DEFAULT));
        assertMentions(m, "weights must be (F, C, U, V)", "(3, 3)");
    }

    @Test
    void biasOfTheWrongLength() {
        String m = message(ShapeException.class,
                () -> Conv.correlate2d(Tensor.rand(Shape.of(1, 1, 8, 8), 1), Tensor.rand(Shape.of(6, 1, 3, 3), 2), Tensor.zeros(4), ConvSpec.DEFAULT));
        assertMentions(m, "bias must have shape (6)", "one per filter", "(4)");
    }

    @Test
    void vectorGivenToKernel2d() {
        String m = message(ShapeException.class, () -> K2.correlate(Tensor.of(1, 2, 3, 4, 5)));
        assertMentions(m, "Kernel2d.correlate", "(H, W) matrix", "(5)", "Kernel1d");
    }

    @Test
    void matrixGivenToKernel1d() {
        String m = message(ShapeException.class, () -> Kernel1d.of(1, 0, -1).convolve(X3));
        assertMentions(m, "Kernel1d.correlate", "rank-1 signal", "(3, 3)", "Kernel2d");
    }

    @Test
    void nanInTheInput() {
        Tensor x = X3.copy().set(Double.NaN, 1, 2);
        String m = message(IllegalArgumentException.class, () -> K2.correlate(x));
        assertMentions(m, "NaN", "[1, 2]", "(3, 3)", "finite");
    }

    @Test
    void samePaddingWithAnEvenKernel() {
        String m = message(ShapeException.class, () -> Kernel2d.of(Tensor.ones(4, 4)).same().correlate(Tensor.rand(Shape.of(8, 8), 1)));
        assertMentions(m, "P = (F - 1)/2", "F=4", "3/2", "odd");
    }

    @Test
    void raggedMatrixText() {
        String m = message(ShapeException.class, () -> Tensor.parse("1 2 3\n4 5"));
        assertMentions(m, "line 2 has 2 numbers", "first row has 3");
    }

    @Test
    void notANumberInMatrixText() {
        assertMentions(message(ShapeException.class, () -> Tensor.parse("1 2\n3 x")), "\"x\" on line 2 is not a number", "1/16");
    }

    @Test
    void poolWindowLargerThanTheMap() {
        String m = message(ShapeException.class, () -> Pool.max(4).apply(X3));
        assertMentions(m, "pool2d", "kernel is larger than the padded input", "W1=3", "F=4");
    }

    @Test
    void poolStrideThatDoesNotDivide() {
        String m = message(ShapeException.class, () -> Pool.max(2).apply(Tensor.rand(Shape.of(5, 5), 1)));
        assertMentions(m, "pool2d: output height is not a whole number", "(5 - 2 + 0)/2 + 1 = 3/2 + 1 = 2.50");
    }

    @Test
    void poolPaddingMoreThanHalfTheWindow() {
        assertMentions(message(ShapeException.class, () -> Pool.max(3).padding(2)), "P=2", "more than half the window 3");
    }

    @Test
    void poolOfAThreeAxisTensor() {
        assertMentions(message(ShapeException.class, () -> Pool.max(2).apply(Tensor.rand(Shape.of(3, 4, 4), 1))), "(3, 4, 4)", "(1, C, H, W)");
    }

    @Test
    void reshapeToADifferentSize() {
        assertMentions(message(ShapeException.class, () -> Tensor.rand(Shape.of(2, 3), 1).reshape(4, 2)), "(2, 3) (6 values)", "(4, 2) (8 values)");
    }

    @Test
    void zeroDimension() {
        assertMentions(message(ShapeException.class, () -> Shape.of(3, 0)), "dimension 1 of [3, 0] is 0", "at least 1");
    }

    @Test
    void elementWiseOnDifferentShapes() {
        assertMentions(message(ShapeException.class, () -> X3.add(Tensor.rand(Shape.of(2, 2), 1))), "add", "(3, 3) vs (2, 2)");
    }

    @Test
    void explainACellOutsideTheOutput() {
        assertMentions(message(ShapeException.class, () -> K2.explain(X3, 2, 0)), "(2, 0)", "outside the output (2, 2)");
    }

    @Test
    void evenMeanFilter() {
        assertMentions(message(ShapeException.class, () -> Filters.mean(2)), "Filters.mean", "n=2", "(2 - 1)/2 = 0.5");
    }

    @Test
    void missingImageFile(@TempDir Path dir) {
        Path missing = dir.resolve("cat.png");
        assertMentions(message(UncheckedIOException.class, () -> Images.readGray(missing)), "no such file", missing.toString());
    }

    @Test
    void fileThatIsNotAnImage(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "hello, not a picture");
        assertMentions(message(UncheckedIOException.class, () -> Images.readGray(text)), "notes.png", "20 bytes", "not an image", "PNG");
    }

    @Test
    void unknownImageExtension(@TempDir Path dir) {
        assertMentions(message(IllegalArgumentException.class, () -> Images.writeGray(X3, dir.resolve("x.gif"))), "\".gif\"", ".png or .jpg");
    }

    @Test
    void unknownLectureExample() {
        assertMentions(message(IllegalArgumentException.class, () -> Lecture.example("L32")), "\"L32\"", "L01 to L31");
    }

    // ---------------------------------------------------------------- issue 16: silent wrong results

    @Test
    void nestedBracketsAsPythonPrintsThemGiveTheirShape() {
        assertEquals(Shape.of(2, 2), Tensor.parse("[[1, 2], [3, 4]]").shape());
        assertEquals(Tensor.parse("1 2\n3 4"), Tensor.parse("[[1, 2], [3, 4]]"));
        Kernel2d k = Kernel2d.parse("[[1, 8], [-5, 6]]");
        assertEquals(2, k.height(), "a pasted NumPy kernel is 2x2, not 1x4");
        assertEquals(K2.correlate(X3), k.correlate(X3));
        assertMentions(message(ShapeException.class, () -> Tensor.parse("[[1, 2], [3, 4, 5]]")), "row [1] has 3 entries", "first one at that depth has 2");
    }

    @Test
    void divisionByZeroAndNumbersTooLargeForFloat32AreRefused() {
        assertMentions(message(ShapeException.class, () -> Tensor.parse("1/0 2")), "\"1/0\" on line 1 divides by zero");
        assertMentions(message(ShapeException.class, () -> Tensor.parse("1e39")), "\"1e39\"", "too large for float32");
    }

    @Test
    void aNonFiniteBiasIsRefused() {
        String m = message(IllegalArgumentException.class,
                () -> Conv.correlate2d(Tensor.rand(Shape.of(1, 1, 5, 5), 1), Tensor.rand(Shape.of(2, 1, 3, 3), 2), Tensor.of(0, Double.NaN), ConvSpec.DEFAULT));
        assertMentions(m, "conv2d: bias b contains NaN", "[1]", "finite");
    }

    @Test
    void nnLayersRefuseNaNInput() {
        Tensor x = Tensor.rand(Shape.of(1, 1, 4, 4), 1).set(Double.NaN, 0, 0, 1, 1);
        assertMentions(message(NonFiniteException.class, () -> new Conv2d(1, 2, 3).forward(x)), "Conv2d(1 -> 2, 3x3)", "NaN", "[0, 0, 1, 1]");
        assertMentions(message(NonFiniteException.class, () -> new MaxPool2d(2).forward(x)), "MaxPool2d", "NaN");
        assertMentions(message(NonFiniteException.class, () -> new Dense(16, 3).forward(x.reshape(1, 16))), "Dense(16 -> 3)", "NaN", "[0, 5]");
    }

    // ---------------------------------------------------------------- issue 16: messages instead of raw exceptions

    @Test
    void nullArgumentsAreNamed() {
        assertMentions(message(NullPointerException.class, () -> Kernel2d.of((Tensor) null)), "Kernel2d.of: the weights must not be null");
        assertMentions(message(NullPointerException.class, () -> Kernel2d.of((double[][]) null)), "Kernel2d.of: rows must not be null");
        assertMentions(message(NullPointerException.class, () -> Tensor.parse(null)), "Tensor.parse: text must not be null");
        assertMentions(message(NullPointerException.class, () -> K2.correlate(null)), "Kernel2d.correlate: x must not be null");
        assertMentions(message(IllegalArgumentException.class, () -> K2.using(null)), "using(impl): impl is null", "Conv2dKernels.standard()");
        assertMentions(message(NullPointerException.class, () -> Kernel1d.of((Tensor) null)), "Kernel1d.of");
        assertMentions(message(NullPointerException.class,
                () -> Conv.correlate2d(Tensor.rand(Shape.of(1, 1, 4, 4), 1), Tensor.rand(Shape.of(1, 1, 2, 2), 2), null, null)), "conv2d: spec must not be null", "ConvSpec.DEFAULT");
        assertMentions(message(NullPointerException.class, () -> Pool.max(2).apply(null)), "pooling: x must not be null");
        assertMentions(message(NullPointerException.class, () -> Pool.max(2).using(null)), "Pool.using");
        assertMentions(message(NullPointerException.class, () -> X3.add(null)), "add: the other tensor must not be null");
    }

    @Test
    void hugePaddingDoesNotOverflowInTheMessage() {
        String m = message(ShapeException.class, () -> K2.padding(1_500_000_000).correlate(X3));
        assertMentions(m, "P=1500000000", "3000000000", "more positions than a tensor can hold", "far too large");
        assertTrue(!m.contains("-1294967286") && !m.matches("(?s).*= -\\d+.*"), "no wrapped-around number:\n" + m);
    }

    @Test
    void aModelBuiltFor28x28FedAnotherSizeSaysSo() {
        String m = message(ShapeException.class, () -> Models.lenet5(1).forward(Tensor.zeros(1, 1, 32, 32)));
        assertMentions(m, "built for 28x28 inputs", "got 32x32", "Resize or crop");
        assertTrue(!m.contains("new Dense"), m);
    }

    @Test
    void idxImagesOfAnotherSizeAreNamed(@TempDir Path dir) throws IOException {
        ByteBuffer img = ByteBuffer.allocate(16 + 2 * 14 * 56).putInt(2051).putInt(2).putInt(14).putInt(56);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), ByteBuffer.allocate(10).putInt(2049).putInt(2).array());
        assertMentions(message(IdxException.class, () -> FashionMnist.test(dir)), "these images are 14x56", "28x28");
    }

    // ---------------------------------------------------------------- ten more a student is likely to try

    @Test
    void oneImageGivenToAModel() {
        assertMentions(message(ShapeException.class, () -> Models.lenet5(1).forward(Tensor.zeros(28, 28))), "x.reshape(1, 1, 28, 28)");
    }

    @Test
    void numpyStyleMinusOneInReshape() {
        assertEquals(Shape.of(3, 784), Tensor.zeros(3, 28, 28).reshape(-1, 784).shape());
        assertMentions(message(ShapeException.class, () -> Tensor.zeros(3, 10).reshape(-1, 7)), "cannot infer the -1", "30 values", "multiple of 7");
        assertMentions(message(ShapeException.class, () -> Tensor.zeros(3, 10).reshape(-1, -1)), "only one dimension may be -1");
    }

    @Test
    void pastedNumpyOrPyTorchRepr() {
        assertEquals(Tensor.parse("1 2\n3 4"), Tensor.parse("array([[1, 2],\n       [3, 4]])"));
        assertEquals(Tensor.parse("1 2\n3 4"), Tensor.parse("tensor([[1., 2.], [3., 4.]], dtype=torch.float64)"));
    }

    @Test
    void channelsLastInputShapeAsInKeras() {
        assertMentions(message(ShapeException.class, () -> Sequential.input(28, 28, 1).conv2d(6, 5)), "channels-first (C, H, W)",
                "Sequential.input(1, 28, 28)");
    }

    @Test
    void batchIndexOutsideTheDataSet() {
        var d = Synthetic.bars(8, 8, 1);
        assertMentions(message(IndexOutOfBoundsException.class, () -> d.batch(new int[] {8})), "batch index 8", "valid indices are 0..7");
    }

    @Test
    void nullNormalisationAndNullSummaryShape() {
        assertMentions(message(NullPointerException.class, () -> Synthetic.bars(4, 8, 1).normalized(null)), "Normalization.NONE");
        assertMentions(message(NullPointerException.class, () -> Models.lenet5(1).summary(null)), "Shape.of(1, 1, 28, 28)");
    }

    @Test
    void aPyTorchFileGivenAsCheckpoint(@TempDir Path dir) throws IOException {
        Path pt = Files.write(dir.resolve("lenet.pth"), new byte[] {'P', 'K', 3, 4, 10, 0, 0, 0, 0, 0, 0, 0});
        assertMentions(message(CheckpointException.class, () -> Checkpoint.load(pt)), "zip archive", "torch.save", "safetensors");
    }

    @Test
    void aFolderGivenAsCheckpointOrOutput(@TempDir Path dir) {
        assertMentions(message(CheckpointException.class, () -> Checkpoint.load(dir)), "is a folder");
        assertMentions(message(IllegalArgumentException.class, () -> CheckpointFiles.requireWritable(dir)), "it is a folder");
    }

    @Test
    void arangeOfZeroOrANegativeCount() {
        assertMentions(message(ShapeException.class, () -> Tensor.arange(-3)), "Tensor.arange: n must be at least 1, got -3");
    }

    @Test
    void aThreeDimensionalLiteralAsA2dKernel() {
        assertMentions(message(ShapeException.class, () -> Kernel2d.parse("[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]")),
                "Kernel2d: weights must be a (U, V) matrix", "(2, 2, 2)");
    }
}
