package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.conv.Rounding;
import convkit.nn.ReceptiveField.Span;
import convkit.nn.ReceptiveField.Step;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReceptiveFieldTest {

    static Step conv(int f, int s, int p) {
        return new Step("conv", f, s, p, 1);
    }

    @Test
    void theLecturesSingleLayers() {
        // 6.4: ten 5x5 filters, stride 1, pad 2 on 32x32: each output unit looks at a 5x5 patch,
        // and the output stays 32x32; at the corner two of the five rows are padding
        var rf = ReceptiveField.of(32, List.of(conv(5, 1, 2)));
        assertEquals(32, rf.units(1));
        assertEquals(5, rf.size(1));
        assertEquals(new Span(-2, 2), rf.box(1, 0));
        assertEquals(new Span(0, 2), rf.inImage(1, 0));
        assertEquals(new Span(13, 17), rf.inImage(1, 15));
        // 6.2: a 10x10 local receptive field on a 1000x1000 image
        assertEquals(10, ReceptiveField.of(1000, List.of(conv(10, 1, 0))).size(1));
        // 6.4 (L24): the 7x7 curve filter on a 7x7 patch is one unit seeing all 49 pixels
        var curve = ReceptiveField.of(7, List.of(conv(7, 1, 0)));
        assertEquals(1, curve.units(1));
        assertEquals(new Span(0, 6), curve.inImage(1, 0));
    }

    @Test
    void stackedLayersGrowByTheFormula() {
        // the formula by hand: two 3x3 convs see 3 + 2*1 = 5, three see 7 (not in the lecture's
        // slides, but its formula says so); a 2x2 pool of stride 2 doubles the step of what follows
        var three = ReceptiveField.of(20, List.of(conv(3, 1, 0), conv(3, 1, 0), conv(3, 1, 0)));
        assertEquals(5, three.size(2));
        assertEquals(7, three.size(3));
        var pooled = ReceptiveField.of(20, List.of(conv(3, 1, 0), new Step("pool", 2, 2, 0, 1), conv(3, 1, 0)));
        assertEquals(4, pooled.size(2));      // 3 + (2-1)*1
        assertEquals(2, pooled.jump(2));
        assertEquals(8, pooled.size(3));      // 4 + (3-1)*2
        assertEquals(new Span(4, 11), pooled.box(3, 2));
        assertEquals("r_3 = r_2 + (F_3 - 1) * prod(S_1..S_2) = 4 + (3 - 1) * (1 * 2) = 8", pooled.formula(3));
        var dilated = ReceptiveField.of(20, List.of(new Step("conv", 3, 1, 0, 2)));
        assertEquals(5, dilated.size(1));
        assertEquals("r_1 = r_0 + (F_1 - 1) * D_1 * 1 = 1 + (3 - 1) * 2 * 1 = 5", dilated.formula(1));
        assertFalse(dilated.solid(), "a dilated first layer skips every other pixel");
    }

    @Test
    void lenet5FromItsLayers() {
        var rows = ReceptiveField.of(Models.lenet5(0), 0);
        assertEquals(4, rows.layers());
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2"),
                List.of(rows.step(1).name(), rows.step(2).name(), rows.step(3).name(), rows.step(4).name()));
        int[] units = {28, 28, 14, 10, 5};
        long[] r = {1, 5, 6, 14, 16};   // 1, 1+4*1, 5+1*1, 6+4*2, 14+1*2
        for (int k = 0; k <= 4; k++) {
            assertEquals(units[k], rows.units(k), "units of layer " + k);
            assertEquals(r[k], rows.size(k), "r_" + k);
        }
        assertEquals("r_1 = r_0 + (F_1 - 1) * 1 = 1 + (5 - 1) * 1 = 5", rows.formula(1));
        assertEquals("r_2 = r_1 + (F_2 - 1) * S_1 = 5 + (2 - 1) * 1 = 6", rows.formula(2));
        assertEquals("r_4 = r_3 + (F_4 - 1) * prod(S_1..S_3) = 14 + (2 - 1) * (1 * 2 * 1) = 16", rows.formula(4));
        assertEquals(new Span(-2, 13), rows.box(4, 0));    // pool2 unit 0: s_4 = -2, 16 rows
        assertEquals(new Span(0, 13), rows.inImage(4, 0));
        assertEquals(new Span(14, 29), rows.box(4, 4));
        assertEquals(new Span(14, 27), rows.inImage(4, 4));
        // pool2 unit 2 reads conv2 units 4-5, they read pool1 units 4-9, those conv1 units 8-19,
        // and those input rows 6-21
        assertEquals(new Span(4, 5), rows.reach(3, 4, 2));
        assertEquals(new Span(4, 9), rows.reach(2, 4, 2));
        assertEquals(new Span(8, 19), rows.reach(1, 4, 2));
        assertEquals(new Span(6, 21), rows.inImage(4, 2));
        assertEquals(new Span(6, 21), rows.box(4, 2));
        assertTrue(rows.solid());
        assertEquals(rows.formulas(), ReceptiveField.of(Models.lenet5(0), 1).formulas(), "LeNet-5 is square");
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ReceptiveField.of(4, List.of(conv(7, 1, 0))));
        assertTrue(e.getMessage().contains("window of 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Step("conv", 0, 1, 0, 1));
        var rf = ReceptiveField.of(Models.lenet5(0), 0);
        assertThrows(IllegalArgumentException.class, () -> rf.inImage(4, 5));
        assertThrows(IllegalArgumentException.class, () -> rf.size(5));
        assertThrows(IllegalArgumentException.class, () -> ReceptiveField.of(Models.lenet5(0), 2));
    }

    /**
     * Brute force on a real network: random stacks of convs (stride, padding, dilation, per axis) and
     * max/avg pools, every weight 1 and no bias, fed one image per input pixel with a 1 at that pixel
     * and 0 elsewhere. A unit of the last layer is nonzero exactly for the pixels that reach it.
     */
    @Test
    void theFieldIsThePixelsThatChangeTheUnit() {
        var rnd = new SplittableRandom(14);
        int stacks = 0, units = 0, holes = 0, empty = 0;
        while (stacks < 60) {
            int h = 6 + rnd.nextInt(13), w = 6 + rnd.nextInt(13);
            var b = Sequential.input(1, h, w);
            try {
                int depth = 1 + rnd.nextInt(4);
                for (int l = 0; l < depth; l++) {
                    if (rnd.nextInt(3) == 0) {
                        int win = 1 + rnd.nextInt(3);
                        var kind = rnd.nextBoolean() ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG;
                        var spec = new PoolSpec(kind, win, 1 + rnd.nextInt(3), rnd.nextInt(win / 2 + 1), Rounding.FLOOR);
                        b.add(kind == PoolSpec.Kind.MAX ? new MaxPool2d(spec) : new AvgPool2d(spec));
                    } else {
                        var spec = new ConvSpec(1 + rnd.nextInt(3), 1 + rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3),
                                1 + rnd.nextInt(2), 1 + rnd.nextInt(2), Rounding.FLOOR);
                        b.add(new Conv2d(1, 1, 1 + rnd.nextInt(4), spec, false));
                        if (rnd.nextBoolean()) b.relu();
                    }
                }
            } catch (RuntimeException tooSmall) {
                continue;   // a window larger than its padded input: draw another stack
            }
            Sequential net = b.build(1);
            for (Param p : net.params()) p.value().fill(1);
            var rows = ReceptiveField.of(net, 0);
            var cols = ReceptiveField.of(net, 1);
            int k = rows.layers();
            Tensor ones = Tensor.zeros(h * w, 1, h, w);
            for (int p = 0; p < h * w; p++) ones.set(1, p, 0, p / w, p % w);
            Tensor out = net.forward(ones);
            assertEquals(Shape.of(h * w, 1, rows.units(k), cols.units(k)), out.shape(), "units per axis");
            for (int i = 0; i < rows.units(k); i++)
                for (int j = 0; j < cols.units(k); j++) {
                    TreeSet<Integer> rs = new TreeSet<>(), cs = new TreeSet<>();
                    List<Integer> seen = new ArrayList<>();
                    for (int p = 0; p < h * w; p++) {
                        if (out.get(p, 0, i, j) == 0) continue;
                        seen.add(p);
                        rs.add(p / w);
                        cs.add(p % w);
                    }
                    String what = net + " unit (" + i + ", " + j + ")";
                    Span r = rows.inImage(k, i), c = cols.inImage(k, j);
                    if (seen.isEmpty()) {   // every window of one axis lies in the padding: nothing reaches the unit
                        assertTrue(r.isEmpty() || c.isEmpty(), "nothing reaches " + what + ", yet rows " + r + ", columns " + c);
                        empty++;
                        continue;
                    }
                    assertEquals(new Span(rs.first(), rs.last()), r, "rows of " + what);
                    assertEquals(new Span(cs.first(), cs.last()), c, "columns of " + what);
                    assertEquals(rs.size() * cs.size(), seen.size(), "the field is rows x columns: " + what);
                    assertEquals(List.copyOf(rs), IntStream.of(rows.positions(0, k, i)).boxed().toList(), "rows of " + what);
                    assertEquals(List.copyOf(cs), IntStream.of(cols.positions(0, k, j)).boxed().toList(), "columns of " + what);
                    if (rows.solid()) assertEquals(r.length(), rs.size(), "no holes in the rows of " + what);
                    if (cols.solid()) assertEquals(c.length(), cs.size(), "no holes in the columns of " + what);
                    if (!rows.solid() || !cols.solid()) holes++;
                    inside(r, rows.box(k, i), what);
                    inside(c, cols.box(k, j), what);
                    for (int m = 1; m < k; m++) {
                        var below = ReceptiveField.of(rows.units(m), steps(rows, m, k));
                        assertEquals(below.inImage(k - m, i), rows.reach(m, k, i), "layer " + m + " rows under " + what);
                        assertEquals(Arrays.toString(below.positions(0, k - m, i)),
                                Arrays.toString(rows.positions(m, k, i)), "layer " + m + " rows under " + what);
                    }
                    units++;
                }
            stacks++;
        }
        assertTrue(units > 500 && holes > 20, units + " units checked, " + holes + " with holes, " + empty + " reached by nothing");
    }

    static List<Step> steps(ReceptiveField rf, int from, int to) {
        List<Step> s = new ArrayList<>();
        for (int q = from + 1; q <= to; q++) s.add(rf.step(q));
        return s;
    }

    static void inside(Span field, Span box, String what) {
        if (field.isEmpty()) return;
        assertTrue(box.first() <= field.first() && field.last() <= box.last(), field + " inside the formula's box " + box + ": " + what);
    }
}
