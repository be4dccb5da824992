package convkit.data;

/** An IDX file that is not what it claims to be: wrong magic, absurd or inconsistent sizes, truncated data. */
public class IdxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IdxException(String message) {
        super(message);
    }
}
