package convkit.nn;

/**
 * The way in for your own layers: implement {@link #forward}, {@link #backward} and
 * {@link #outputShape} (and {@link #params()} if the layer learns), then put it in a
 * {@link Sequential} next to the built-in ones.
 *
 * <pre>{@code
 * class Square implements CustomLayer {
 *     private Tensor x;
 *     public Tensor forward(Tensor x) { this.x = x; return x.mul(x); }
 *     public Tensor backward(Tensor dOut) { return dOut.mul(x).scale(2); }   // d(x^2)/dx = 2x
 *     public Shape outputShape(Shape in) { return in; }
 * }
 * }</pre>
 *
 * <p>Checkpoints store the built-in layers only; a model with a custom layer saves its weights
 * only if you rebuild the same model before loading.
 */
public non-sealed interface CustomLayer extends Layer {}
