package convkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataTest {

    @Test
    void realFashionMnistTestSet() {
        // Debian's dataset-fashion-mnist (installed by ./convkit setup, which ./convkit test runs first)
        var test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
        assertEquals(10_000, test.size());
        assertEquals(Shape.of(1, 28, 28), test.exampleShape());
        assertEquals(9, test.labels()[0]);                     // the first test image is an ankle boot
        assertEquals("Ankle boot", test.classNames().get(9));
        int[] counts = test.classCounts();
        for (int c : counts) assertEquals(1000, c);
        float max = test.images().max(), min = test.images().min();
        assertTrue(min >= 0 && max <= 1 && max > 0.99, min + ".." + max);
    }

    @Test
    void missingFolderSaysHowToGetTheData() {
        var e = assertThrows(IdxException.class, () -> FashionMnist.train(Path.of("/no/such/folder")));
        assertTrue(e.getMessage().contains("CONVKIT_DATA") && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertEquals(Path.of("/x"), FashionMnist.resolveDir("/x"));
    }

    @Test
    void shufflingIsSeededAndCoversEveryExample() {
        var a = Batches.shuffled(103, 10, 5, 0);
        assertEquals(11, a.size());
        assertEquals(3, a.get(10).length);
        int[] all = a.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        for (int i = 0; i < 103; i++) assertEquals(i, all[i]);
        assertArrayEquals(a.get(0), Batches.shuffled(103, 10, 5, 0).get(0));
        assertNotEquals(Arrays.toString(a.get(0)), Arrays.toString(Batches.shuffled(103, 10, 5, 1).get(0)));
    }

    @Test
    void syntheticBarsAreBalancedAndRepeatable() {
        var d = Synthetic.bars(40, 12, 3);
        assertEquals(Shape.of(40, 1, 12, 12), d.images().shape());
        assertArrayEquals(new int[] {10, 10, 10, 10}, d.classCounts());
        assertEquals(d.images(), Synthetic.bars(40, 12, 3).images());
        var norm = Normalization.fit(d);
        var n = d.normalized(norm);
        assertEquals(0, n.images().mean(), 1e-4);
        var b = d.batch(new int[] {3, 1});
        assertEquals(3, b.y()[0]);
        assertEquals(d.images().get(1, 0, 5, 5), b.x().get(1, 0, 5, 5));
    }
}
