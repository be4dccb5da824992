package convkit.grading;

/** When a student sees a test's result: Gradescope's four visibility levels. */
public enum Visibility {
    /** Shown at once. */
    VISIBLE("visible"),
    /** Never shown to the student (the score still counts). */
    HIDDEN("hidden"),
    /** Shown once the due date has passed. */
    AFTER_DUE_DATE("after_due_date"),
    /** Shown once the teacher publishes the grades: the usual choice for hidden tests. */
    AFTER_PUBLISHED("after_published");

    private final String json;

    Visibility(String json) {
        this.json = json;
    }

    /** The value Gradescope's results.json uses. */
    public String json() {
        return json;
    }

    /** True unless the student sees the result right away. */
    public boolean isHidden() {
        return this != VISIBLE;
    }
}
